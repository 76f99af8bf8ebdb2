import { getMe } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbeRound } from '../../src/prober/round';
import type { TcpProbeResult } from '../../src/prober/tcp-probe';
import { runTrustJob } from '../../src/trust/job';
import { type ContractWorld, contractWorld, usdOffering } from '../contracts/_http';
import { HOUR, insertAccount, insertContract, MINUTE } from '../trust/_fixture';

/**
 * Several API instances share the prober and the trust job (always PostgreSQL: PGlite has one
 * connection, so nothing could overlap). Concurrent rounds probe each contract once per round;
 * concurrent job runs compute once.
 */

const T0 = new Date('2026-07-01T00:00:00Z');
const INTERVAL = 5 * MINUTE;
const CONTRACTS = 24;

let world: ContractWorld;
const ids: string[] = [];

beforeAll(async () => {
  world = await contractWorld(
    { DC_DB_POOL_SIZE: '12', DC_PROBER_ENABLED: 'false' },
    { engine: 'postgres', start: T0 },
  );
  const db = world.server.database.db;
  const provider = await world.provider();
  const providerId = (await getMe(provider.client, {})).id;
  const offering = await usdOffering(provider);
  const renter = await insertAccount(db, 'lease');
  for (let i = 0; i < CONTRACTS; i += 1) {
    const delivered = new Date(T0.getTime() - HOUR);
    const id = await insertContract(db, {
      offeringId: offering.id,
      providerId,
      renterId: renter,
      requestedAt: delivered,
      hours: 720,
      events: [
        { event: 'accept', to: 'accepted', at: delivered, role: 'provider' },
        { event: 'start_provisioning', to: 'provisioning', at: delivered, role: 'agent' },
        { event: 'provisioned', to: 'provisioned', at: delivered, role: 'agent' },
      ],
    });
    await db
      .updateTable('contracts')
      .set({
        instance: JSON.stringify({
          provisioner: 'manual',
          external_id: `srv-${i}`,
          ipv4: `8.8.${i}.8`,
          ssh_port: 22,
        }),
      })
      .where('id', '=', id)
      .execute();
    ids.push(id);
  }
});

afterAll(async () => {
  await world?.stop();
});

/** A connect that takes a little while, so the instances' rounds overlap; no network used. */
const slowProbe = async (): Promise<TcpProbeResult> => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  return { reachable: true, latencyMs: 20, error: null };
};

const instanceRound = (instanceId: string, now: Date) =>
  runProbeRound({
    db: world.server.database.db,
    now,
    intervalMs: INTERVAL,
    timeoutMs: 1_000,
    concurrency: 2,
    allowPrivate: false,
    instanceId,
    batchSize: 3,
    probe: slowProbe,
  });

async function probesPerContract(): Promise<Map<string, number>> {
  const rows = await world.server.database.db
    .selectFrom('probe_results')
    .select(['contract_id'])
    .where('contract_id', 'in', ids)
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.contract_id, (counts.get(row.contract_id) ?? 0) + 1);
  return counts;
}

describe('four instances probing at once (PostgreSQL)', () => {
  it('probe every contract exactly once per round', async () => {
    for (const [round, now] of [
      [1, T0],
      [2, new Date(T0.getTime() + INTERVAL)],
    ] as const) {
      const reports = await Promise.all(
        ['a', 'b', 'c', 'd'].map((instance) => instanceRound(instance, now)),
      );
      expect(reports.reduce((sum, r) => sum + r.probed, 0)).toBe(CONTRACTS);
      // More than one instance did part of the work.
      expect(reports.filter((r) => r.probed > 0).length).toBeGreaterThan(1);
      const counts = await probesPerContract();
      expect([...counts.values()]).toEqual(Array.from({ length: CONTRACTS }, () => round));
      // Later in the same round nothing is due any more.
      const again = await instanceRound('e', new Date(now.getTime() + 2 * MINUTE));
      expect(again.probed).toBe(0);
    }
  });

  it('run the trust job once when they all find it due', async () => {
    const db = world.server.database.db;
    const now = new Date(T0.getTime() + 2 * INTERVAL);
    const settings = {
      intervalMs: INTERVAL,
      coverage: { probeMs: INTERVAL + MINUTE, agentMs: INTERVAL + MINUTE },
      alertThresholdPct: 95,
    };
    const reports = await Promise.all(
      Array.from({ length: 4 }, () => runTrustJob(db, now, settings)),
    );
    expect(reports.filter((r) => r.ran)).toHaveLength(1);
    expect(reports.filter((r) => !r.ran).map((r) => (r.ran ? '' : r.reason))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(running_elsewhere|not_due)$/)]),
    );
    const hours = await db
      .selectFrom('uptime_hours')
      .select(['contract_id', 'probes', 'healthy_seconds', 'expected_seconds'])
      .where('contract_id', 'in', ids)
      .where('hour', '=', T0)
      .execute();
    expect(hours).toHaveLength(CONTRACTS);
    // Probed at 0 and 5 minutes, healthy until the horizon at 10 minutes.
    for (const hour of hours) expect(hour).toMatchObject({ probes: 2, healthy_seconds: 600 });
  });
});
