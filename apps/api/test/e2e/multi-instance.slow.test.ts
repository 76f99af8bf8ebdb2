// Three API server processes on one real PostgreSQL database, twenty agents in four pools of
// three providers, a thousand contracts. Renters rent through every server, agents lease and
// report through random servers, some attempts fail retryably and, once the job is leased again,
// the old lease's report is replayed. Afterwards the database must show every contract delivered
// exactly once, by the lease that held the job, and every wallet and contract in balance.

import {
  type Client,
  createClient,
  createOffering,
  createPool,
  createSetupToken,
  createWalletAdjustment,
  getContractCredentials,
  keyAuth,
  NetworkError,
  type Offering,
  putProviderProfile,
  type RentContractParameters,
  registerAccount,
  rentContract,
} from '@dc/client';
import { generateIdentity, type Identity, open } from '@dc/crypto';
import { money, segmentFor } from '@dc/pricing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offeringBody, problemOf, profileBody, unique } from '../offerings/_support';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { type ServerProcess, startServerProcess } from '../support/process';
import { type HeldJob, instanceIdOf, type LeaseProof, TestAgent } from '../support/test-agent';

const SERVERS = 3;
const AGENTS = 20;
const CONTRACTS = 1000;
const RENTERS = 50;
const HOURS = [24, 72, 168, 720] as const;
/** Share of first attempts an agent fails on purpose (retryable), to get re-leases. */
const FAILURE_RATE = 0.03;

/** An account with a client per server; each call goes to one of them. */
interface Party {
  readonly identity: Identity;
  readonly username: string;
  readonly clients: readonly Client[];
}

const randomOf = <T>(items: readonly T[]): T =>
  items[Math.floor(Math.random() * items.length)] as T;

let database: TestDatabase;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase('postgres');
}, 120_000);

afterAll(async () => {
  for (const server of servers) server.child.kill('SIGTERM');
  const results = await Promise.all(servers.map((server) => server.exited));
  servers = [];
  await database?.drop();
  // A server that did not stop cleanly on SIGTERM is a finding too.
  expect(results.map((r) => r.status)).toEqual(results.map(() => 0));
}, 120_000);

/** Runs `work` over `items` with at most `limit` calls in flight. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i] as T, i);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * Rents, retrying a request that got no answer with the same idempotency key, as a renter's
 * client does: the key makes the retry safe, whichever instance it reaches.
 */
async function rentOnce(client: Client, parameters: RentContractParameters) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await rentContract(client, parameters);
    } catch (error) {
      if (!(error instanceof NetworkError) || attempt === 3) throw error;
    }
  }
}

describe('three API instances on PostgreSQL', () => {
  it('provisions each of 1,000 contracts exactly once, refuses stale reports and balances every ledger', async () => {
    const adminName = unique('admin');
    servers = await Promise.all(
      Array.from({ length: SERVERS }, () =>
        startServerProcess(
          {
            ...database.env,
            DC_LOG_LEVEL: 'info',
            DC_ADMIN_USERNAMES: adminName,
            DC_RATE_LIMIT_PER_IP: '1000000',
            DC_RATE_LIMIT_PER_KEY: '1000000',
          },
          120_000,
        ),
      ),
    );
    const urls = servers.map((server) => server.url);
    expect(new Set(urls).size).toBe(SERVERS);

    const party = async (prefix: string): Promise<Party> => {
      const identity = generateIdentity();
      const clients = urls.map((baseUrl) =>
        createClient({ baseUrl, auth: keyAuth(identity.secretKey), retries: 0 }),
      );
      const username = prefix === 'admin' ? adminName : unique(prefix);
      await registerAccount(randomOf(clients), { body: { username } });
      return { identity, username, clients };
    };

    // Three providers; the first has two pools: four pools, five agents each.
    const admin = await party('admin');
    const providers = await Promise.all([0, 1, 2].map(() => party('provider')));
    const pools: { provider: Party; poolId: string }[] = [];
    for (const [index, provider] of providers.entries()) {
      await putProviderProfile(randomOf(provider.clients), {
        body: profileBody(provider.username),
      });
      for (const name of index === 0 ? ['fsn1', 'hel1'] : ['nbg1']) {
        const pool = await createPool(randomOf(provider.clients), {
          body: { name, region: 'europe', country: 'DE', provisioner_kinds: ['docker'] },
        });
        pools.push({ provider, poolId: pool.id });
      }
    }
    const agents: TestAgent[] = [];
    const offerings: Offering[] = [];
    for (const [index, { provider, poolId }] of pools.entries()) {
      offerings.push(
        await createOffering(randomOf(provider.clients), {
          body: offeringBody({
            currency: 'USD',
            price_per_month: 1000,
            provisioner: 'docker',
            pool_id: poolId,
            auto_accept: true,
          }),
        }),
      );
      for (let i = index; i < AGENTS; i += pools.length) {
        const { token } = await createSetupToken(randomOf(provider.clients), {
          id: poolId,
          body: {},
        });
        const agent = new TestAgent({ baseUrl: () => randomOf(urls) });
        await agent.register(token);
        agents.push(agent);
      }
    }
    expect(agents).toHaveLength(AGENTS);

    const renters = await Promise.all(Array.from({ length: RENTERS }, () => party('renter')));
    const funding = 100_000;
    await inParallel(renters, 8, async (renter, i) => {
      await createWalletAdjustment(randomOf(admin.clients), {
        body: {
          username: renter.username,
          currency: 'USD',
          amount: funding,
          reason: 'multi-instance test funds',
          idempotency_key: `multi-fund-${i}`,
        },
      });
    });

    // The agents: lease through any server, deliver, now and then fail an attempt and, when the
    // job comes back, first replay the superseded lease's report.
    let stopping = false;
    const problems: string[] = [];
    const delivered = new Set<string>();
    const superseded = new Map<string, LeaseProof>();
    const stale = { replayed: 0, refused: 0 };
    let failedOnPurpose = 0;
    let lost = 0;
    const passwordOf = (contractId: string) => `pw-${contractId}`;
    const handle = async (agent: TestAgent, job: HeldJob) => {
      if (job.kind !== 'provision') {
        problems.push(`unexpected ${job.kind} job ${job.job_id}`);
        return;
      }
      const old = superseded.get(job.job_id);
      if (old && old.fencing_token < job.fencing_token) {
        superseded.delete(job.job_id);
        stale.replayed += 1;
        const refused = await problemOf(agent.provisioned(job, 'stale password', old));
        if (refused.status === 409 && refused.code === 'stale_lease') stale.refused += 1;
        else problems.push(`stale report of ${job.job_id} answered ${JSON.stringify(refused)}`);
      }
      if (job.attempt === 1 && Math.random() < FAILURE_RATE) {
        superseded.set(job.job_id, { lease_id: job.lease_id, fencing_token: job.fencing_token });
        failedOnPurpose += 1;
        const outcome = await agent.failed(job, 'cloud API rate limit (test)', true);
        if (outcome.status !== 'queued') problems.push(`retryable failure ended ${job.job_id}`);
        return;
      }
      const outcome = await agent.provisioned(job, passwordOf(job.contract.id));
      if (outcome.contract_status !== 'provisioned') {
        problems.push(`delivery of ${job.contract.id} left it ${outcome.contract_status}`);
      }
      if (delivered.has(job.contract.id)) problems.push(`${job.contract.id} delivered twice`);
      delivered.add(job.contract.id);
    };
    const run = async (agent: TestAgent) => {
      let lastHeartbeat = performance.now();
      while (!stopping) {
        try {
          // Like dc-agent: a heartbeat now and then keeps the provider online (rentable).
          if (performance.now() - lastHeartbeat > 20_000) {
            lastHeartbeat = performance.now();
            await agent.heartbeat();
          }
          for (const job of await agent.lease(2, 1000)) await handle(agent, job);
        } catch (error) {
          // A request lost on the way (an idle keep-alive socket the server closed as it was
          // reused) leaves its job leased; the lease runs out and another agent takes it over.
          if (error instanceof NetworkError) lost += 1;
          else problems.push(String(error));
        }
      }
    };
    const running = agents.map(run);

    // 1,000 rents, spread evenly over the servers, auto-accepted into provision jobs.
    const started = performance.now();
    const rented: { id: string; renter: Party; hours: number; paid: number }[] = [];
    await inParallel(
      Array.from({ length: CONTRACTS }, (_, i) => i),
      12,
      async (i) => {
        const renter = renters[i % RENTERS] as Party;
        const offering = offerings[i % offerings.length] as Offering;
        const hours = HOURS[i % HOURS.length] as number;
        const contract = await rentOnce(renter.clients[i % SERVERS] as Client, {
          body: {
            offering_id: offering.id,
            hours,
            ssh_public_keys: [
              'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0j5XGQ3CUT2lzg4tYf2TzL5Ef0G0b1b7vT9yJjvH0n m@x',
            ],
            os_image: 'debian-12',
            payment_rail: 'wallet',
            idempotency_key: `multi-rent-${i}`,
          },
        });
        expect(contract.status).not.toBe('requested');
        rented.push({ id: contract.id, renter, hours, paid: contract.paid });
      },
    );
    const rentedIn = performance.now() - started;

    // Retried jobs come back after their 10 s backoff, lost ones after their lease runs out:
    // wait until the database holds every delivery (a lost answer may hide one from `delivered`).
    const reader = new pg.Client({ connectionString: database.env['DATABASE_URL'] });
    await reader.connect();
    const completedJobs = async () =>
      Number(
        (
          await reader.query(
            `SELECT count(*) AS n FROM jobs WHERE kind = 'provision' AND status = 'completed'`,
          )
        ).rows[0]?.n,
      );
    while ((await completedJobs()) < CONTRACTS && problems.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    stopping = true;
    await Promise.all(running);
    const deliveredIn = performance.now() - started;
    console.info(
      `multi-instance: ${CONTRACTS} rents in ${Math.round(rentedIn)} ms, all delivered in ` +
        `${Math.round(deliveredIn)} ms; ${failedOnPurpose} failed on purpose, ` +
        `${stale.replayed} stale reports replayed, ${lost} agent requests lost`,
    );
    expect(problems).toEqual([]);
    expect(delivered.size).toBeLessThanOrEqual(CONTRACTS);
    expect(failedOnPurpose).toBeGreaterThan(0);
    expect(stale.replayed).toBeGreaterThan(0);
    expect(stale.refused).toBe(stale.replayed);

    // What the renters see: a sample of them open their passwords.
    for (const { id, renter } of rented.slice(0, 10)) {
      const { items } = await getContractCredentials(randomOf(renter.clients), { id });
      expect(items).toHaveLength(1);
      const opened = open(items[0]?.envelope as never, renter.identity.secretKey, {
        contractId: id,
        purpose: 'root_password',
      });
      expect(new TextDecoder().decode(opened)).toBe(passwordOf(id));
    }

    // What the database holds (read only).
    try {
      const query = async <R>(text: string) => (await reader.query(text)).rows as R[];
      const contracts = await query<{
        id: string;
        status: string;
        paid: string;
        refunded: string;
        instance_external_id: string | null;
        segments: string;
        jobs: string;
        completed: string;
        job_id: string | null;
        fencing_token: string | null;
        provisioned: string;
      }>(`
        SELECT c.id, c.status, c.paid, c.refunded, c.instance_external_id,
          (SELECT coalesce(sum(amount), 0) FROM contract_segments s WHERE s.contract_id = c.id)
            AS segments,
          (SELECT count(*) FROM jobs j WHERE j.contract_id = c.id) AS jobs,
          (SELECT count(*) FROM jobs j WHERE j.contract_id = c.id AND j.kind = 'provision'
             AND j.status = 'completed') AS completed,
          (SELECT j.id FROM jobs j WHERE j.contract_id = c.id AND j.kind = 'provision') AS job_id,
          (SELECT j.fencing_token FROM jobs j WHERE j.contract_id = c.id AND j.kind = 'provision')
            AS fencing_token,
          (SELECT count(*) FROM contract_history h WHERE h.contract_id = c.id
             AND h.event = 'provisioned') AS provisioned
        FROM contracts c`);
      expect(contracts).toHaveLength(CONTRACTS);
      const byId = new Map(rented.map((r) => [r.id, r]));
      const wrong = contracts.filter((c) => {
        const ours = byId.get(c.id);
        const price = segmentFor(money(1000n, 'USD'), BigInt(ours?.hours ?? 0)).amount.amount;
        return (
          ours === undefined ||
          c.status !== 'provisioned' ||
          c.jobs !== '1' ||
          c.completed !== '1' ||
          c.provisioned !== '1' ||
          // The instance on record is the one reported under the lease that held the job.
          c.instance_external_id !== instanceIdOf(c.job_id ?? '', Number(c.fencing_token)) ||
          // Nothing was cancelled: paid is the charge @dc/pricing computes, none of it refunded.
          BigInt(c.paid) !== price ||
          BigInt(c.paid) !== BigInt(c.segments) ||
          ours.paid !== Number(price) ||
          c.refunded !== '0'
        );
      });
      expect(wrong).toEqual([]);

      const unbalanced = await query(`
        SELECT b.account_id, b.currency, b.balance, l.total FROM wallet_balances b
        FULL JOIN (SELECT account_id, currency, sum(amount) AS total FROM wallet_ledger
                   GROUP BY account_id, currency) l
          ON l.account_id = b.account_id AND l.currency = b.currency
        WHERE b.balance IS DISTINCT FROM l.total`);
      expect(unbalanced).toEqual([]);
      // Each renter's wallet paid for exactly its contracts.
      const spent = new Map<string, number>();
      for (const r of rented)
        spent.set(r.renter.username, (spent.get(r.renter.username) ?? 0) + r.paid);
      const balances = await query<{ username: string; balance: string }>(`
        SELECT a.username, b.balance FROM wallet_balances b JOIN accounts a ON a.id = b.account_id
        WHERE b.currency = 'USD'`);
      for (const renter of renters) {
        const row = balances.find((b) => b.username === renter.username);
        expect(Number(row?.balance)).toBe(funding - (spent.get(renter.username) ?? 0));
      }
    } finally {
      await reader.end();
    }
  }, 900_000);
});
