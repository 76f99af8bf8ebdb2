import type { Actor, ContractEvent } from '@dc/state-machine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApplyEventParameters, applyContractEvent } from '../../src/contracts/apply-event';
import type { DatabaseHandle } from '../../src/db/connect';
import { HttpProblem } from '../../src/http/problem';
import {
  type MigratedDatabase,
  migratedDatabase,
  type Parties,
  seedContract,
  seedParties,
} from './_db';

const HOUR = 3_600_000;
const t0 = new Date('2026-03-01T09:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);
const renter: Actor = { role: 'renter', key: 'renter-key' };
const provider: Actor = { role: 'provider', key: 'provider-key' };
const agent: Actor = { role: 'agent', key: 'agent-key', holdsLease: true };
const system: Actor = { role: 'system', key: 'test' };
const admin: Actor = { role: 'admin', key: 'admin-key' };

let db: MigratedDatabase;
let handle: DatabaseHandle;
let parties: Parties;
beforeAll(async () => {
  db = await migratedDatabase('pglite');
  handle = db.handle;
  parties = await seedParties(handle);
});
afterAll(() => db?.close());

const apply = (
  contractId: string,
  event: ContractEvent,
  actor: Actor,
  now: Date,
  extra: Partial<ApplyEventParameters> = {},
) =>
  handle.db
    .transaction()
    .execute((trx) => applyContractEvent(trx, { contractId, event, actor, now, ...extra }));

async function refusal(work: Promise<unknown>): Promise<HttpProblem> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof HttpProblem))
    throw new Error(`expected an HttpProblem, got ${String(error)}`);
  return error;
}

const history = (contractId: string) =>
  handle.db
    .selectFrom('contract_history')
    .select(['from_status', 'to_status', 'event', 'actor_role', 'actor_key', 'memo', 'at'])
    .where('contract_id', '=', contractId)
    .orderBy('id')
    .execute();
const jobs = (contractId: string) =>
  handle.db
    .selectFrom('jobs')
    .select(['kind', 'status', 'idempotency_key', 'provider_id', 'pool_id'])
    .where('contract_id', '=', contractId)
    .orderBy('created_at')
    .execute();
const contract = (contractId: string) =>
  handle.db
    .selectFrom('contracts')
    .selectAll()
    .where('id', '=', contractId)
    .executeTakeFirstOrThrow();

/** A contract delivered at t0 (requested an hour before). */
async function delivered(): Promise<string> {
  const id = await seedContract(handle, parties, { requestedAt: at(-1) });
  await apply(id, { type: 'accept' }, provider, at(-0.9));
  await apply(id, { type: 'start_provisioning' }, agent, at(-0.5));
  await apply(id, { type: 'provisioned', sealedCredentials: true, sshKeyAccess: true }, agent, t0);
  return id;
}

describe('applyContractEvent effects', () => {
  it('accept enqueues one provision job for the provider and pool, with a history row', async () => {
    const id = await seedContract(handle, parties, { requestedAt: at(-1) });
    const applied = await apply(id, { type: 'accept' }, provider, t0);
    expect(applied.to).toBe('accepted');
    expect(applied.jobs).toHaveLength(1);
    expect(await jobs(id)).toEqual([
      {
        kind: 'provision',
        status: 'queued',
        idempotency_key: `provision:${id}`,
        provider_id: parties.providerId,
        pool_id: parties.poolId,
      },
    ]);
    const row = await contract(id);
    expect(row.status).toBe('accepted');
    expect(row.accepted_at).toEqual(t0);
    expect(await history(id)).toEqual([
      {
        from_status: 'requested',
        to_status: 'accepted',
        event: 'accept',
        actor_role: 'provider',
        actor_key: 'provider-key',
        memo: null,
        at: t0,
      },
    ]);
  });

  it('provisioned starts the paid term at delivery, not at creation (never-again 11)', async () => {
    const id = await delivered();
    const row = await contract(id);
    expect(row.status).toBe('provisioned');
    expect(row.term_start).toEqual(t0);
    expect(row.term_end).toEqual(at(720));
  });

  it('cancel at t0 + 100 h refunds 861 of 1000 cents to the wallet and enqueues terminate', async () => {
    const id = await delivered();
    const applied = await apply(id, { type: 'cancel' }, renter, at(100));
    expect(applied.refund?.amount).toBe(861n);
    const row = await contract(id);
    expect(row).toMatchObject({
      status: 'cancelled',
      refunded: 861n,
      payment_status: 'partially_refunded',
    });
    expect(row.ended_at).toEqual(at(100));
    const refunds = await handle.db
      .selectFrom('refunds')
      .selectAll()
      .where('contract_id', '=', id)
      .execute();
    expect(refunds).toMatchObject([
      { amount: 861n, idempotency_key: `refund:${id}:cancel`, rail: 'wallet', status: 'succeeded' },
    ]);
    const ledger = await handle.db
      .selectFrom('wallet_ledger')
      .selectAll()
      .where('contract_id', '=', id)
      .execute();
    expect(ledger).toMatchObject([
      { account_id: parties.renterId, currency: 'USD', amount: 861n, kind: 'refund_credit' },
    ]);
    // The provision job nobody leased is dropped; the terminate job cleans up.
    expect((await jobs(id)).map((job) => [job.kind, job.status])).toEqual([
      ['provision', 'cancelled'],
      ['terminate', 'queued'],
    ]);
  });

  it('a 24 h pause inside the first 100 h moves the term end and the refund is 894 cents', async () => {
    const id = await delivered();
    await apply(id, { type: 'pause' }, system, at(10));
    const paused = await contract(id);
    expect(paused).toMatchObject({ status: 'paused', paused_from: 'provisioned' });
    expect(paused.paused_since).toEqual(at(10));
    await apply(id, { type: 'resume' }, system, at(34));
    const resumed = await contract(id);
    expect(resumed).toMatchObject({ status: 'provisioned', paused_from: null, paused_since: null });
    expect(resumed.paused_millis).toBe(BigInt(24 * HOUR));
    expect(resumed.term_end).toEqual(at(744));
    const applied = await apply(id, { type: 'cancel' }, renter, at(100));
    expect(applied.refund?.amount).toBe(894n);
  });

  it('extend appends a paid segment, adds to paid and moves the term end', async () => {
    const id = await delivered();
    await apply(
      id,
      {
        type: 'extend',
        segment: { hours: 168n, amount: 233n },
        payment: { status: 'succeeded', amount: 233n },
      },
      renter,
      at(10),
      { idempotencyKey: `extend:${id}:1` },
    );
    const row = await contract(id);
    expect(row).toMatchObject({ status: 'provisioned', paid: 1233n, payment_status: 'succeeded' });
    expect(row.term_end).toEqual(at(888));
    const segments = await handle.db
      .selectFrom('contract_segments')
      .select(['seq', 'hours', 'amount'])
      .where('contract_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(segments).toEqual([
      { seq: 1, hours: 720, amount: 1000n },
      { seq: 2, hours: 168, amount: 233n },
    ]);
  });

  it('provider_cancel records the cancellation against the provider', async () => {
    const id = await delivered();
    const applied = await apply(
      id,
      { type: 'provider_cancel', reason: 'hardware fault' },
      provider,
      at(100),
    );
    expect(applied.refund?.amount).toBe(861n);
    const record = await handle.db
      .selectFrom('provider_cancellations')
      .selectAll()
      .where('contract_id', '=', id)
      .execute();
    expect(record).toEqual([{ contract_id: id, provider_id: parties.providerId, at: at(100) }]);
    expect((await history(id)).at(-1)?.memo).toBe('hardware fault');
  });

  it('admin_cancel refunds the amount the admin chose', async () => {
    const id = await delivered();
    const applied = await apply(
      id,
      { type: 'admin_cancel', reason: 'abuse', refund: 300n },
      admin,
      at(5),
    );
    expect(applied.refund?.amount).toBe(300n);
    expect(await contract(id)).toMatchObject({
      refunded: 300n,
      payment_status: 'partially_refunded',
    });
  });

  it('reject before delivery refunds everything and drops the queued provision job', async () => {
    const id = await seedContract(handle, parties, { requestedAt: at(-1) });
    await apply(id, { type: 'accept' }, provider, t0);
    const applied = await apply(id, { type: 'reject', reason: 'no capacity' }, provider, at(1));
    expect(applied.refund?.amount).toBe(1000n);
    expect(await contract(id)).toMatchObject({ status: 'rejected', payment_status: 'refunded' });
    expect((await jobs(id)).map((job) => [job.kind, job.status])).toEqual([
      ['provision', 'cancelled'],
      ['terminate', 'queued'],
    ]);
  });

  it('the memo parameter replaces the event memo in history', async () => {
    const id = await seedContract(handle, parties, { requestedAt: at(-1) });
    await apply(id, { type: 'accept' }, system, t0, { memo: 'auto_accept' });
    expect((await history(id)).at(-1)).toMatchObject({ actor_role: 'system', memo: 'auto_accept' });
  });
});

describe('applyContractEvent refusals', () => {
  it('an illegal transition is 409 illegal_transition and writes nothing', async () => {
    const id = await seedContract(handle, parties, { requestedAt: at(-1) });
    const problem = await refusal(apply(id, { type: 'term_end' }, system, t0));
    expect([problem.status, problem.code]).toEqual([409, 'illegal_transition']);
    expect(await history(id)).toEqual([]);
    expect((await contract(id)).status).toBe('requested');
  });

  it('a role the rule does not allow is 403 actor_not_allowed', async () => {
    const id = await seedContract(handle, parties, { requestedAt: at(-1) });
    const problem = await refusal(apply(id, { type: 'accept' }, renter, t0));
    expect([problem.status, problem.code]).toEqual([403, 'actor_not_allowed']);
  });

  it('a guard on the contract state is 409 with its reason', async () => {
    const id = await seedContract(handle, parties, {
      requestedAt: at(-1),
      paymentStatus: 'pending',
    });
    const problem = await refusal(apply(id, { type: 'accept' }, provider, t0));
    expect([problem.status, problem.code]).toEqual([409, 'payment_not_succeeded']);
    expect(await jobs(id)).toEqual([]);
  });

  it('a guard on the request is 422 with its reason', async () => {
    const id = await delivered();
    const problem = await refusal(
      apply(id, { type: 'admin_cancel', reason: 'abuse', refund: 1001n }, admin, at(5)),
    );
    expect([problem.status, problem.code]).toEqual([422, 'refund_exceeds_refundable']);
    expect(await contract(id)).toMatchObject({ status: 'provisioned', refunded: 0n });
  });

  it('an unknown contract is 404', async () => {
    const problem = await refusal(
      apply('00000000-0000-4000-8000-000000000000', { type: 'accept' }, provider, t0),
    );
    expect(problem.status).toBe(404);
  });
});

describe('applyContractEvent is atomic', () => {
  it('when the surrounding transaction fails, neither the status nor its history row remain', async () => {
    const id = await delivered();
    const before = await history(id);
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await applyContractEvent(trx, {
          contractId: id,
          event: { type: 'cancel' },
          actor: renter,
          now: at(100),
        });
        throw new Error('crash after the event');
      }),
    ).rejects.toThrow('crash after the event');
    expect(await contract(id)).toMatchObject({ status: 'provisioned', refunded: 0n });
    expect(await history(id)).toEqual(before);
    const credits = await handle.db
      .selectFrom('wallet_ledger')
      .select('id')
      .where('contract_id', '=', id)
      .execute();
    expect(credits).toEqual([]);
  });
});

describe('applyContractEvent on PostgreSQL locks the contract row', () => {
  let pg: MigratedDatabase;
  beforeAll(async () => {
    pg = await migratedDatabase('postgres');
  });
  afterAll(() => pg?.close());

  it('two concurrent cancels of one contract: one applies, the other is refused, one refund', async () => {
    const pgParties = await seedParties(pg.handle);
    const id = await seedContract(pg.handle, pgParties, {
      requestedAt: at(-1),
      termStart: t0,
      status: 'provisioned',
    });
    const cancel = () =>
      pg.handle.db.transaction().execute((trx) =>
        applyContractEvent(trx, {
          contractId: id,
          event: { type: 'cancel' },
          actor: renter,
          now: at(100),
        }),
      );
    const results = await Promise.allSettled([cancel(), cancel(), cancel()]);
    const applied = results.filter((r) => r.status === 'fulfilled');
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(applied).toHaveLength(1);
    expect(refused.map((e) => (e instanceof HttpProblem ? e.code : String(e)))).toEqual([
      'illegal_transition',
      'illegal_transition',
    ]);
    const refunds = await pg.handle.db
      .selectFrom('refunds')
      .select('amount')
      .where('contract_id', '=', id)
      .execute();
    expect(refunds).toEqual([{ amount: 861n }]);
    const rows = await pg.handle.db
      .selectFrom('contract_history')
      .select('event')
      .where('contract_id', '=', id)
      .execute();
    expect(rows).toEqual([{ event: 'cancel' }]);
  });
});
