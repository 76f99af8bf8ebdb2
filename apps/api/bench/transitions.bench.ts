import { getMe, RentBody } from '@dc/client';
import { bench, describe } from 'vitest';
import type { AccountCaller } from '../src/auth/caller';
import { partyActor } from '../src/contracts/access';
import { applyContractEvent } from '../src/contracts/apply-event';
import { rentContract } from '../src/contracts/rent';
import { openDatabase } from '../src/db/connect';
import { createTestDatabase } from '../test/support/databases';
import { inParallel, startBenchWorld } from './support/bench-world';
import { initPgbench, runSimpleUpdate } from './support/pgbench-simple-update';

/**
 * Contract transitions per second on PostgreSQL, as a ratio to pgbench's simple-update TPS on
 * the same server in the same run. The embedded PostgreSQL has no `pgbench` binary, so its
 * built-in `-N` script is run over `pg` (see `support/pgbench-simple-update.ts`) with the same
 * number of clients and the same duration.
 *
 * Transitions: CLIENTS workers, each a renter with its own wallet, loop rent -> cancel through
 * the server's own functions (`rentContract`, `applyContractEvent`) on a pool of CLIENTS
 * connections, one transaction per transition: the rent creates the contract (requested),
 * its segment and history row and debits the wallet (ledger row); the cancel locks the
 * contract, writes the history row, the refund and the wallet credit (ledger row). Both are
 * counted; the pgbench figure counts its transactions alike.
 *
 * `cd apps/api && pnpm exec vitest bench --run bench/transitions.bench.ts`
 */

const CLIENTS = 8;
const DURATION_MS = 10_000;
const WARMUP_MS = 2_000;

const world = await startBenchWorld({ DC_LOG_LEVEL: 'info', DC_SWEEP_INTERVAL_MS: '0' });
const provider = await world.provider();
const offering = await world.offering(provider);
const renters = await inParallel(Array.from({ length: CLIENTS }), CLIENTS, async () => {
  const account = await world.account();
  await world.fund(account, 1_000_000_000);
  const me = await getMe(account.client, {});
  const caller: AccountCaller = {
    kind: 'account',
    accountId: me.id,
    username: account.username,
    isAdmin: false,
    isProvider: false,
    via: 'key',
    publicKey: account.identity.publicKeyHex,
  };
  return caller;
});
const handle = await openDatabase({
  engine: 'postgres',
  url: world.databaseUrl,
  maxConnections: CLIENTS,
});
const pgbenchDatabase = await createTestDatabase('postgres');
const pgbenchUrl = pgbenchDatabase.env['DATABASE_URL'] as string;
await initPgbench(pgbenchUrl);

let rentals = 0;
async function runTransitions(durationMs: number): Promise<{ transitions: number; tps: number }> {
  let transitions = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  await Promise.all(
    renters.map(async (caller) => {
      while (performance.now() < deadline) {
        rentals += 1;
        const body = RentBody.parse({
          offering_id: offering.id,
          hours: 720,
          ssh_public_keys: [
            'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0j5XGQ3CUT2lzg4tYf2TzL5Ef0G0b1b7vT9yJjvH0n bench@host',
          ],
          os_image: 'debian-12',
          payment_rail: 'wallet',
          idempotency_key: `bench-transition-${process.pid}-${rentals}`,
        });
        const contract = await handle.db
          .transaction()
          .execute((trx) =>
            rentContract(trx, caller, body, { now: new Date(), sandboxMode: false, seller: null }),
          );
        transitions += 1;
        await handle.db.transaction().execute((trx) =>
          applyContractEvent(trx, {
            contractId: contract.id,
            event: { type: 'cancel' },
            actor: partyActor(caller, 'renter'),
            now: new Date(),
          }),
        );
        transitions += 1;
      }
    }),
  );
  return { transitions, tps: transitions / ((performance.now() - started) / 1000) };
}

async function finish(): Promise<void> {
  await handle.close();
  await pgbenchDatabase.drop();
  await world.stop();
}

describe(`contract transitions vs pgbench simple-update on PostgreSQL, ${CLIENTS} clients`, () => {
  bench(
    `rent -> cancel cycles vs pgbench -N, ${DURATION_MS / 1000} s each`,
    async () => {
      // Warm-up of both (JIT, caches), then pgbench, transitions, pgbench again: the ratio uses
      // the mean of the two pgbench runs, so drift during the run falls on both sides.
      await runSimpleUpdate(pgbenchUrl, CLIENTS, WARMUP_MS);
      await runTransitions(WARMUP_MS);
      const before = await runSimpleUpdate(pgbenchUrl, CLIENTS, DURATION_MS);
      const measured = await runTransitions(DURATION_MS);
      const after = await runSimpleUpdate(pgbenchUrl, CLIENTS, DURATION_MS);
      const pgbenchTps = (before.tps + after.tps) / 2;
      const history = await handle.db
        .selectFrom('contract_history')
        .select((eb) => eb.fn.countAll<string>().as('rows'))
        .executeTakeFirstOrThrow();
      console.log(
        `\nSame embedded PostgreSQL server (fsync off, synchronous_commit off), ${CLIENTS} clients each. ` +
          'pgbench is not among the embedded binaries: its -N script runs over pg (simple query ' +
          `protocol, scale 1, own database). Transitions: rent + renter cancel through ` +
          `rentContract/applyContractEvent in this process, a pool of ${CLIENTS} connections, ` +
          `one transaction each. ${history.rows} history rows in all.`,
      );
      console.table([
        {
          run: `pgbench -N (before), ${DURATION_MS / 1000} s`,
          transactions: before.transactions,
          'per second': Math.round(before.tps),
        },
        {
          run: `contract transitions, ${DURATION_MS / 1000} s`,
          transactions: measured.transitions,
          'per second': Math.round(measured.tps),
        },
        {
          run: `pgbench -N (after), ${DURATION_MS / 1000} s`,
          transactions: after.transactions,
          'per second': Math.round(after.tps),
        },
      ]);
      console.log(
        `transitions/s ${Math.round(measured.tps)} / pgbench TPS ${Math.round(pgbenchTps)} ` +
          `= ${(measured.tps / pgbenchTps).toFixed(2)}`,
      );
    },
    {
      iterations: 1,
      time: 0,
      warmupIterations: 0,
      warmupTime: 0,
      teardown: async (_task, mode) => {
        if (mode === 'run') await finish();
      },
    },
  );
});
