import { getContractUptime, getContractUptimeSeries, reportHealth } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbeRound } from '../../src/prober/round';
import { runTrustJob, type TrustJobSettings } from '../../src/trust/job';
import { newAgent } from '../agents/_agents';
import { type ContractWorld, contractWorld, type TestClock } from '../contracts/_http';
import { deliveredOnLoopback, ScheduledPort } from './_support';

/**
 * Evidence of issue 9 with real sockets: loopback listeners opened and closed on a schedule,
 * probed by the prober's own rounds (the test's clock says when), and the uptime measured from
 * those probes; an agent reporting healthy while its port is closed is caught.
 */

const MINUTE = 60_000;
const INTERVAL = 5 * MINUTE;
const SETTINGS: TrustJobSettings = {
  intervalMs: INTERVAL,
  coverage: { probeMs: INTERVAL + MINUTE, agentMs: INTERVAL + MINUTE },
  alertThresholdPct: 95,
};

/** Puts the world's clock at `at` exactly (it only moves forward by whole hours otherwise). */
function moveTo(clock: TestClock, at: Date): void {
  (clock as unknown as { current: Date }).current = at;
}

let world: ContractWorld;
const T0 = new Date('2026-03-02T00:00:00Z');
const ports: ScheduledPort[] = [];

const round = (now: Date) =>
  runProbeRound({
    db: world.server.database.db,
    now,
    intervalMs: INTERVAL,
    timeoutMs: 2_000,
    concurrency: 4,
    allowPrivate: true,
    instanceId: 'test-prober',
  });

beforeAll(async () => {
  world = await contractWorld({ DC_PROBER_ENABLED: 'false' }, { start: T0 });
});

afterAll(async () => {
  for (const port of ports) await port.close();
  await world?.stop();
});

describe('the prober', () => {
  it('measures the uptime of a port opened and closed on a schedule within one probe interval', async () => {
    moveTo(world.clock, T0);
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const port = await ScheduledPort.reserve();
    ports.push(port);
    await port.open();
    const { contractId, renter } = await deliveredOnLoopback(world, provider, agent, port.port);
    // Minutes after delivery during which the port is closed.
    const closed = [
      [60, 90],
      [150, 165],
    ] as const;
    const isClosed = (minute: number) => closed.some(([a, b]) => minute >= a && minute < b);
    const start = T0.getTime();
    for (let minute = 0; minute < 180; minute += 5) {
      if (isClosed(minute)) await port.close();
      else await port.open();
      const now = new Date(start + minute * MINUTE);
      moveTo(world.clock, now);
      expect(await round(now)).toEqual({ probed: 1, skipped: 0 });
      // A second round in the same interval finds nothing due: one probe per contract per round.
      expect(await round(new Date(now.getTime() + MINUTE))).toEqual({ probed: 0, skipped: 0 });
    }
    const end = new Date(start + 180 * MINUTE);
    moveTo(world.clock, end);
    expect(await runTrustJob(world.server.database.db, end, SETTINGS)).toMatchObject({ ran: true });

    const uptime = await getContractUptime(renter.client, { id: contractId });
    const day = uptime.windows.find((w) => w.window === '24h');
    const scheduledUp = (180 - 30 - 15) * 60;
    expect(day?.expected_seconds).toBe(180 * 60);
    expect(Math.abs((day?.healthy_seconds ?? 0) - scheduledUp)).toBeLessThanOrEqual(
      INTERVAL / 1000,
    );
    expect(day?.probes).toBe(36);
    expect(day?.agent_checks).toBe(0);
    expect(day?.uptime_pct).toBeCloseTo((scheduledUp / (180 * 60)) * 100, 0);

    const rows = await world.server.database.db
      .selectFrom('probe_results')
      .select(['probed_at', 'reachable', 'target', 'error'])
      .where('contract_id', '=', contractId)
      .orderBy('probed_at')
      .execute();
    expect(rows.map((r) => r.reachable)).toEqual(
      Array.from({ length: 36 }, (_, i) => !isClosed(i * 5)),
    );
    expect(rows[0]?.target).toBe(`127.0.0.1:${port.port}`);
    expect(rows.find((r) => !r.reachable)?.error).toBe('ECONNREFUSED');

    const series = await getContractUptimeSeries(renter.client, { id: contractId, days: 1 });
    expect(series.days).toEqual([
      expect.objectContaining({
        day: '2026-03-02',
        probes: 36,
        healthy_seconds: day?.healthy_seconds,
      }),
    ]);
  });

  it('catches an agent that reports healthy while the port is closed: disagreement recorded, uptime follows the prober', async () => {
    const t0 = new Date('2026-03-03T00:00:00Z');
    moveTo(world.clock, t0);
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const port = await ScheduledPort.reserve();
    ports.push(port);
    // Open while the agent delivers, then closed for the whole hour that follows.
    await port.open();
    const { contractId, renter } = await deliveredOnLoopback(world, provider, agent, port.port);
    await port.close();
    for (let minute = 5; minute <= 60; minute += 5) {
      const checkedAt = new Date(t0.getTime() + minute * MINUTE);
      moveTo(world.clock, checkedAt);
      await reportHealth(agent.client, {
        body: {
          checks: [
            { contract_id: contractId, status: 'healthy', checked_at: checkedAt.toISOString() },
          ],
        },
      });
      const probedAt = new Date(checkedAt.getTime() + MINUTE);
      moveTo(world.clock, probedAt);
      // (The earlier test's contract is probed in these rounds too.)
      await round(probedAt);
    }
    const end = new Date(t0.getTime() + 62 * MINUTE);
    moveTo(world.clock, end);
    await runTrustJob(world.server.database.db, end, SETTINGS);

    const uptime = await getContractUptime(renter.client, { id: contractId });
    const day = uptime.windows.find((w) => w.window === '24h');
    expect(day).toMatchObject({ agent_checks: 12, probes: 12, disagreements: 12 });
    // The agent alone would say healthy from minute 5 on; the probes say down from minute 6.
    // Healthy: minute 5 to 6 only (before the first probe), 60 s of 62 minutes.
    expect(day?.expected_seconds).toBe(62 * 60);
    expect(day?.healthy_seconds).toBe(60);
    expect(uptime.recent_disagreements).toHaveLength(12);
    expect(uptime.recent_disagreements?.[0]).toEqual({
      probed_at: new Date(t0.getTime() + 61 * MINUTE).toISOString(),
      reachable: false,
      agent_status: 'healthy',
    });
    const stored = await world.server.database.db
      .selectFrom('probe_results')
      .select(['agent_check_id', 'agent_status', 'disagrees'])
      .where('contract_id', '=', contractId)
      .execute();
    expect(stored.every((row) => row.disagrees && row.agent_status === 'healthy')).toBe(true);
    expect(stored.every((row) => row.agent_check_id !== null)).toBe(true);
  });

  it('probes nothing at a private address unless told to', async () => {
    const t0 = new Date('2026-03-04T00:00:00Z');
    moveTo(world.clock, t0);
    const provider = await world.provider();
    const agent = await newAgent(world, provider);
    const port = await ScheduledPort.reserve();
    ports.push(port);
    await port.open();
    const { contractId } = await deliveredOnLoopback(world, provider, agent, port.port);
    const report = await runProbeRound({
      db: world.server.database.db,
      now: t0,
      intervalMs: INTERVAL,
      timeoutMs: 2_000,
      concurrency: 4,
      allowPrivate: false,
      instanceId: 'test-prober',
    });
    expect(report.probed).toBe(0);
    expect(report.skipped).toBeGreaterThanOrEqual(1);
    const rows = await world.server.database.db
      .selectFrom('probe_results')
      .select('id')
      .where('contract_id', '=', contractId)
      .execute();
    expect(rows).toEqual([]);
  });
});
