import { getMe } from '@dc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/schema';
import { runTrustJob, type TrustJobSettings } from '../../src/trust/job';
import { type ContractWorld, contractWorld, usdOffering } from '../contracts/_http';
import {
  DAY,
  every,
  HOUR,
  insertAccount,
  insertChecks,
  insertContract,
  insertProbes,
  MINUTE,
} from './_fixture';

/**
 * The incremental trust job (dirty markers and the moving horizon) must leave exactly what a
 * full recompute from the raw rows leaves: checks arriving late for an hour already rolled up,
 * new probes, a status change, and time simply passing.
 */

const T0 = new Date('2026-05-10T12:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const SETTINGS: TrustJobSettings = {
  intervalMs: 300_000,
  coverage: { probeMs: 6 * MINUTE, agentMs: 6 * MINUTE },
  alertThresholdPct: 95,
};

let world: ContractWorld;
const contracts: string[] = [];

beforeAll(async () => {
  world = await contractWorld({ DC_PROBER_ENABLED: 'false' }, { start: T0 });
  const db = world.server.database.db;
  const provider = await world.provider();
  const providerId = (await getMe(provider.client, {})).id;
  const offering = await usdOffering(provider);
  const renter = await insertAccount(db, 'inc');
  const delivered = (from: Date, extra: { event: string; to: string; at: Date }[] = []) =>
    insertContract(db, {
      offeringId: offering.id,
      providerId,
      renterId: renter,
      requestedAt: new Date(from.getTime() - HOUR),
      hours: 720,
      events: [
        { event: 'accept', to: 'accepted', at: new Date(from.getTime() - HOUR), role: 'provider' },
        { event: 'start_provisioning', to: 'provisioning', at: from, role: 'agent' },
        { event: 'provisioned', to: 'provisioned', at: from, role: 'agent' },
        ...extra,
      ],
    });
  contracts.push(await delivered(at(-3 * DAY)));
  contracts.push(
    await delivered(at(-2 * DAY), [{ event: 'cancel', to: 'cancelled', at: at(-DAY) }]),
  );
  contracts.push(await delivered(at(-2 * HOUR)));
  const [c1, c2, c3] = contracts as [string, string, string];
  // c1: checks with a silent gap between -6 h and -4 h; c2 until it was cancelled; c3 probes.
  await insertChecks(
    db,
    c1,
    every(5 * MINUTE, at(-3 * DAY + 5 * MINUTE), T0)
      .filter((t) => t < at(-6 * HOUR) || t >= at(-4 * HOUR))
      .map((t) => ({ at: t, status: 'healthy' as const })),
  );
  await insertChecks(
    db,
    c2,
    every(5 * MINUTE, at(-2 * DAY), at(-DAY)).map((t) => ({
      at: t,
      status: t.getUTCHours() === 3 ? ('unhealthy' as const) : ('healthy' as const),
    })),
  );
  await insertProbes(
    db,
    c3,
    every(5 * MINUTE, at(-2 * HOUR + MINUTE), T0).map((t) => ({
      at: t,
      reachable: t.getUTCMinutes() % 20 !== 1,
      disagrees: false,
    })),
  );
  expect(await runTrustJob(db, T0, SETTINGS)).toMatchObject({ ran: true, mode: 'full' });
});

afterAll(async () => {
  await world?.stop();
});

async function snapshot(db: import('kysely').Kysely<Database>) {
  const hours = await db
    .selectFrom('uptime_hours')
    .select([
      'contract_id',
      'hour',
      'expected_seconds',
      'healthy_seconds',
      'agent_checks',
      'probes',
      'disagreements',
    ])
    .orderBy('contract_id')
    .orderBy('hour')
    .execute();
  const windows = await db
    .selectFrom('uptime_windows')
    .select(['subject_kind', 'subject_id', 'window_hours', 'expected_seconds', 'healthy_seconds'])
    .orderBy('subject_kind')
    .orderBy('subject_id')
    .orderBy('window_hours')
    .execute();
  const records = await db
    .selectFrom('provider_records')
    .select(['provider_id', 'trust_score', 'metrics'])
    .orderBy('provider_id')
    .execute();
  return { hours, windows, records };
}

describe('the incremental trust job', () => {
  it('ends where a full recompute ends, late rows and status changes included', async () => {
    const db = world.server.database.db;
    const [c1, c2, c3] = contracts as [string, string, string];
    // Late: c1's agent reports the checks of its "silent" gap only now (an hour rolled up).
    await insertChecks(
      db,
      c1,
      every(5 * MINUTE, at(-6 * HOUR), at(-5 * HOUR)).map((t) => ({ at: t, status: 'healthy' })),
    );
    // New checks and probes after the last run.
    await insertChecks(
      db,
      c1,
      every(5 * MINUTE, T0, at(3 * HOUR)).map((t) => ({ at: t, status: 'healthy' })),
    );
    await insertProbes(
      db,
      c3,
      every(5 * MINUTE, at(MINUTE), at(HOUR)).map((t) => ({
        at: t,
        reachable: true,
        disagrees: false,
      })),
    );
    // c3 is cancelled at +1 h (as applyContractEvent writes it).
    await db
      .updateTable('contracts')
      .set({ status: 'cancelled', ended_at: at(HOUR), updated_at: at(HOUR) })
      .where('id', '=', c3)
      .execute();
    await db
      .insertInto('contract_history')
      .values({
        contract_id: c3,
        from_status: 'provisioned',
        to_status: 'cancelled',
        event: 'cancel',
        actor_role: 'renter',
        actor_key: 'fixture',
        memo: null,
        at: at(HOUR),
      })
      .execute();
    expect(
      (await db.selectFrom('uptime_dirty').select('contract_id').execute())
        .map((r) => r.contract_id)
        .sort(),
    ).toEqual([c1, c3].sort());

    const later = at(3 * HOUR);
    const incremental = await runTrustJob(db, later, SETTINGS);
    // c1 (dirty and live) and c3 (dirty); c2 ended before the previous horizon: untouched.
    expect(incremental).toMatchObject({ ran: true, mode: 'incremental', contracts: 2 });
    expect(await db.selectFrom('uptime_dirty').selectAll().execute()).toEqual([]);
    const afterIncremental = await snapshot(db);
    // The late checks filled c1's gap: the hour from -6 h is healthy now.
    const filled = afterIncremental.hours.find(
      (h) => h.contract_id === c1 && h.hour.getTime() === at(-6 * HOUR).getTime(),
    );
    expect(filled).toMatchObject({
      expected_seconds: 3600,
      healthy_seconds: 3600,
      agent_checks: 12,
    });
    expect(afterIncremental.hours.some((h) => h.contract_id === c2)).toBe(true);

    const full = await runTrustJob(db, later, SETTINGS, { force: true, full: true });
    expect(full).toMatchObject({ ran: true, mode: 'full', contracts: 3 });
    expect(await snapshot(db)).toEqual(afterIncremental);
  });

  it('is not due again before its interval, and runs when forced', async () => {
    const db = world.server.database.db;
    const last = await db.selectFrom('trust_job_state').selectAll().executeTakeFirstOrThrow();
    const soon = new Date(last.next_run_at.getTime() - 1);
    expect(await runTrustJob(db, soon, SETTINGS)).toEqual({ ran: false, reason: 'not_due' });
    expect(await runTrustJob(db, last.next_run_at, SETTINGS)).toMatchObject({
      ran: true,
      mode: 'incremental',
    });
    const state = await sql<{ horizon: Date }>`SELECT horizon FROM trust_job_state`.execute(db);
    expect(state.rows[0]?.horizon).toEqual(last.next_run_at);
  });
});
