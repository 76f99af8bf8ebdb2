import {
  getLeaderboard,
  getMe,
  getOfferingUptime,
  getProviderRecord,
  getProviderUptime,
  getProviderUptimeSeries,
  type Offering,
  searchOfferings,
} from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTrustJob, type TrustJobSettings } from '../../src/trust/job';
import { type ContractWorld, contractWorld, usdOffering } from '../contracts/_http';
import {
  DAY,
  every,
  type FixtureCheck,
  type FixtureEvent,
  type FixtureProbe,
  HOUR,
  insertAccount,
  insertChecks,
  insertContract,
  insertFeedback,
  insertProbes,
  insertWait,
  MINUTE,
} from './_fixture';
import { median, simulateUptime } from './_simulate';

/**
 * Evidence of issue 9: a fixture of contracts, checks and feedback written by this test, and
 * every metric and the trust score of the provider record computed again here, independently
 * (uptime minute by minute, rates and medians from the fixture's own definition).
 */

const NOW = new Date('2026-04-30T12:00:00Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);
const COVER = 6 * MINUTE;
const SETTINGS: TrustJobSettings = {
  intervalMs: 300_000,
  coverage: { probeMs: COVER, agentMs: COVER },
  alertThresholdPct: 95,
};

interface Spec {
  key: string;
  renter: string;
  requestedAt: Date;
  events: FixtureEvent[];
  hours: number;
  checks: FixtureCheck[];
  probes: FixtureProbe[];
}

const ev = (event: string, to: string, atTime: Date, role?: FixtureEvent['role']): FixtureEvent =>
  role === undefined ? { event, to, at: atTime } : { event, to, at: atTime, role };

/** Healthy checks every 5 minutes from 5 minutes after `from` until `to`, minus `except`. */
function checksBetween(
  from: Date,
  to: Date,
  tweak: (t: Date) => FixtureCheck['status'] | null = () => 'healthy',
): FixtureCheck[] {
  return every(5 * MINUTE, new Date(from.getTime() + 5 * MINUTE), to).flatMap((t) => {
    const status = tweak(t);
    return status === null ? [] : [{ at: t, status }];
  });
}

const inRange = (t: Date, a: Date, b: Date) =>
  t.getTime() >= a.getTime() && t.getTime() < b.getTime();

// Provider A: 8 contracts. Times relative to NOW; every check every 5 minutes while delivered.
const c1Delivered = at(-20 * DAY + 2.5 * HOUR);
const c2Delivered = at(-15 * DAY + 5 * HOUR);
const c5Delivered = at(-6 * DAY + 4.5 * HOUR);
const c6Delivered = at(-5 * DAY + HOUR);
const c7Delivered = at(-3 * DAY + 3 * HOUR);
const A: Spec[] = [
  {
    key: 'c1',
    renter: 'r1',
    requestedAt: at(-20 * DAY),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-20 * DAY + 2 * HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-20 * DAY + 2 * HOUR), 'agent'),
      ev('provisioned', 'provisioned', c1Delivered, 'agent'),
      ev('activate', 'active', at(-20 * DAY + 2.5 * HOUR + 10 * MINUTE)),
    ],
    // A 2-hour silence two days ago (down) and an unhealthy hour yesterday.
    checks: checksBetween(c1Delivered, NOW, (t) =>
      inRange(t, at(-2 * DAY), at(-2 * DAY + 2 * HOUR))
        ? null
        : inRange(t, at(-DAY), at(-DAY + HOUR))
          ? 'unhealthy'
          : 'healthy',
    ),
    probes: [],
  },
  {
    key: 'c2',
    renter: 'r1',
    requestedAt: at(-15 * DAY),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-15 * DAY + 4 * HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-15 * DAY + 4 * HOUR), 'agent'),
      ev('provisioned', 'provisioned', c2Delivered, 'agent'),
      // 24 h into a 720 h term: an early cancellation (under 72 h).
      ev('cancel', 'cancelled', at(-15 * DAY + 29 * HOUR), 'renter'),
    ],
    checks: checksBetween(c2Delivered, at(-15 * DAY + 29 * HOUR)),
    probes: [],
  },
  {
    key: 'c3',
    renter: 'r3',
    requestedAt: at(-10 * DAY),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-10 * DAY + HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-10 * DAY + HOUR), 'agent'),
      ev('provisioning_failed', 'provisioning_failed', at(-10 * DAY + 3 * HOUR), 'agent'),
    ],
    checks: [],
    probes: [],
  },
  {
    key: 'c4',
    renter: 'r3',
    requestedAt: at(-8 * DAY),
    hours: 720,
    events: [ev('reject', 'rejected', at(-8 * DAY + 6 * HOUR), 'provider')],
    checks: [],
    probes: [],
  },
  {
    key: 'c5',
    renter: 'r2',
    requestedAt: at(-6 * DAY),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-6 * DAY + 3 * HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-6 * DAY + 3 * HOUR), 'agent'),
      ev('provisioned', 'provisioned', c5Delivered, 'agent'),
      ev('provider_cancel', 'cancelled', at(-4 * DAY + 4.5 * HOUR), 'provider'),
    ],
    checks: checksBetween(c5Delivered, at(-4 * DAY + 4.5 * HOUR)),
    probes: [],
  },
  {
    key: 'c6',
    renter: 'r2',
    requestedAt: at(-5 * DAY),
    hours: 95,
    events: [
      ev('accept', 'accepted', at(-5 * DAY + 0.5 * HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-5 * DAY + 0.5 * HOUR), 'agent'),
      ev('provisioned', 'provisioned', c6Delivered, 'agent'),
      ev('activate', 'active', at(-5 * DAY + 1.5 * HOUR)),
      ev('term_end', 'expired', at(-DAY)),
    ],
    checks: checksBetween(c6Delivered, at(-DAY)),
    probes: [],
  },
  {
    key: 'c7',
    renter: 'r3',
    requestedAt: at(-3 * DAY),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-3 * DAY + HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-3 * DAY + HOUR), 'agent'),
      ev('provisioned', 'provisioned', c7Delivered, 'agent'),
    ],
    // The agent says healthy throughout; the prober (last 2 hours) finds the port closed for
    // 30 minutes: the prober wins there, and those probes disagree with the agent.
    checks: checksBetween(c7Delivered, NOW),
    probes: every(5 * MINUTE, at(-2 * HOUR + MINUTE), NOW).map((t) => {
      const closed = inRange(t, at(-HOUR), at(-30 * MINUTE));
      return { at: t, reachable: !closed, disagrees: closed };
    }),
  },
  {
    key: 'c8',
    renter: 'r1',
    requestedAt: at(-100 * DAY),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-100 * DAY + 10 * HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-100 * DAY + 10 * HOUR), 'agent'),
      ev('provisioned', 'provisioned', at(-100 * DAY + 11 * HOUR), 'agent'),
      ev('term_end', 'expired', at(-70 * DAY)),
    ],
    checks: [],
    probes: [],
  },
];

// Provider B: 4 delivered contracts with five days of checks: thin data, no score.
const B: Spec[] = [0, 1, 2, 3].map((i) => {
  const delivered = at(-6 * DAY + (i + 2) * HOUR);
  return {
    key: `b${i}`,
    renter: 'r4',
    requestedAt: at(-6 * DAY + i * HOUR),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-6 * DAY + (i + 1) * HOUR), 'provider'),
      ev('start_provisioning', 'provisioning', at(-6 * DAY + (i + 1) * HOUR), 'agent'),
      ev('provisioned', 'provisioned', delivered, 'agent'),
    ],
    checks: checksBetween(delivered, at(-HOUR)),
    probes: [],
  };
});

// Provider C: 5 delivered contracts, delivered 30 hours ago: checks on 2 UTC days only (29 and
// 30 April), fewer than the 3 days a score needs.
const C: Spec[] = [0, 1, 2, 3, 4].map((i) => {
  const delivered = at(-30 * HOUR + (i + 2) * MINUTE);
  return {
    key: `cc${i}`,
    renter: 'r5',
    requestedAt: at(-31 * HOUR + i * MINUTE),
    hours: 720,
    events: [
      ev('accept', 'accepted', at(-30 * HOUR + i * MINUTE), 'provider'),
      ev('start_provisioning', 'provisioning', at(-30 * HOUR + i * MINUTE), 'agent'),
      ev('provisioned', 'provisioned', delivered, 'agent'),
    ],
    checks: checksBetween(delivered, NOW),
    probes: [],
  };
});

let world: ContractWorld;
const ids = new Map<string, string>();
let providerA: { id: string; username: string };
let providerB: { id: string; username: string };
let providerC: { id: string; username: string };
let offeringA: Offering;

beforeAll(async () => {
  world = await contractWorld({ DC_PROBER_ENABLED: 'false' }, { start: NOW });
  const db = world.server.database.db;
  const make = async (specs: Spec[]) => {
    const provider = await world.provider();
    const me = await getMe(provider.client, {});
    const offering = await usdOffering(provider);
    for (const spec of specs) {
      if (!ids.has(spec.renter)) ids.set(spec.renter, await insertAccount(db, spec.renter));
      const id = await insertContract(db, {
        offeringId: offering.id,
        providerId: me.id,
        renterId: ids.get(spec.renter) as string,
        requestedAt: spec.requestedAt,
        events: spec.events,
        hours: spec.hours,
      });
      ids.set(spec.key, id);
      if (spec.checks.length > 0) await insertChecks(db, id, spec.checks);
      if (spec.probes.length > 0) await insertProbes(db, id, spec.probes);
    }
    return { provider: { id: me.id, username: provider.username }, offering };
  };
  const a = await make(A);
  providerA = a.provider;
  offeringA = a.offering;
  providerB = (await make(B)).provider;
  providerC = (await make(C)).provider;
  const id = (key: string) => ids.get(key) as string;
  for (const [key, matched, again] of [
    ['c2', true, false],
    ['c5', false, false],
    ['c6', true, true],
    ['c8', true, true],
  ] as const) {
    const spec = A.find((s) => s.key === key) as Spec;
    await insertFeedback(db, {
      contractId: id(key),
      renterId: id(spec.renter),
      providerId: providerA.id,
      matched,
      again,
      at: at(-HOUR),
    });
  }
  const wait = (askedAt: Date, repliedAt: Date | null, contract = 'c1') =>
    insertWait(db, {
      contractId: id(contract),
      offeringId: offeringA.id,
      renterId: id('r1'),
      providerId: providerA.id,
      askedAt,
      slaHours: 4,
      repliedAt,
    });
  await wait(at(-5 * DAY), at(-5 * DAY + HOUR));
  await wait(at(-3 * DAY), at(-3 * DAY + 6 * HOUR));
  await wait(at(-10 * HOUR), null);
  await wait(at(-80 * DAY), at(-80 * DAY + 20 * HOUR), 'c8');
  const report = await runTrustJob(db, NOW, SETTINGS);
  expect(report).toMatchObject({ ran: true, mode: 'full' });
});

afterAll(async () => {
  await world?.stop();
});

const windowStart = at(-720 * HOUR);
const delivered = (specs: Spec[]) =>
  specs.filter((s) => s.events.some((e) => e.to === 'provisioned'));
const firstAt = (spec: Spec, to: string) => spec.events.find((e) => e.to === to)?.at;
const inLast90 = (t: Date | undefined) => t !== undefined && t.getTime() >= at(-90 * DAY).getTime();

function expectedUptime(specs: Spec[], from: Date) {
  const sum = { expected: 0, healthy: 0, checks: 0, probes: 0, disagreements: 0 };
  for (const spec of specs) {
    const one = simulateUptime(spec, from, NOW, COVER);
    sum.expected += one.expected;
    sum.healthy += one.healthy;
    sum.checks += one.checks;
    sum.probes += one.probes;
    sum.disagreements += one.disagreements;
  }
  return sum;
}

describe('the provider record', () => {
  it('has every metric equal to the value computed from the fixture', async () => {
    const record = await getProviderRecord(world.server.anonymous, {
      username: providerA.username,
    });
    const m = record.metrics;
    const hours = (h: number) => h * 3600;

    // Paid request (wallet: requested_at) to the first accepted/rejected, decided in 90 d.
    const decisions = A.flatMap((s) => {
      const decided = s.events.find((e) => e.to === 'accepted' || e.to === 'rejected')?.at;
      return inLast90(decided)
        ? [((decided as Date).getTime() - s.requestedAt.getTime()) / 1000]
        : [];
    });
    expect(decisions.sort((x, y) => x - y)).toEqual([0.5, 1, 1, 2, 3, 4, 6].map(hours));
    expect(m.acceptance_time).toEqual({ median_seconds: median(decisions), count: 7 });

    const deliveries = A.flatMap((s) => {
      const d = firstAt(s, 'provisioned');
      const acc = firstAt(s, 'accepted');
      return inLast90(d) && acc ? [((d as Date).getTime() - acc.getTime()) / 1000] : [];
    });
    expect(m.delivery_time).toEqual({ median_seconds: median(deliveries), count: 5 });
    expect(m.delivery_time.median_seconds).toBe(hours(1));

    const accepted = A.filter((s) => inLast90(firstAt(s, 'accepted')));
    const failed = accepted.filter((s) => firstAt(s, 'provisioning_failed'));
    expect(m.provisioning_failure_rate).toEqual({
      rate_pct: (failed.length / accepted.length) * 100,
      provisioning_failed: 1,
      accepted: 6,
    });

    const paid = A.filter((s) => inLast90(s.requestedAt));
    expect(m.rejection_rate).toEqual({
      rate_pct: (1 / paid.length) * 100,
      rejected: 1,
      paid_requests: 7,
    });

    const delivered90 = A.filter((s) => inLast90(firstAt(s, 'provisioned')));
    const early = delivered90.filter((s) => {
      const cancel = s.events.find((e) => e.event === 'cancel' && e.role === 'renter');
      const start = firstAt(s, 'provisioned') as Date;
      return cancel !== undefined && cancel.at.getTime() - start.getTime() < s.hours * HOUR * 0.1;
    });
    expect(early.map((s) => s.key)).toEqual(['c2']);
    expect(m.early_cancellation_rate).toEqual({
      rate_pct: (1 / delivered90.length) * 100,
      early_cancellations: 1,
      delivered: 5,
    });
    expect(m.provider_cancellation_rate).toEqual({
      rate_pct: 20,
      provider_cancellations: 1,
      delivered: 5,
    });

    const uptime = expectedUptime(delivered(A), windowStart);
    expect(m.uptime_30d.expected_seconds).toBeCloseTo(uptime.expected, 3);
    expect(m.uptime_30d.healthy_seconds).toBeCloseTo(uptime.healthy, 3);
    expect(m.uptime_30d.uptime_pct).toBeCloseTo((uptime.healthy / uptime.expected) * 100, 2);
    expect(m.uptime_30d).toMatchObject({
      agent_checks: uptime.checks,
      probes: uptime.probes,
      disagreements: 6,
    });
    expect(uptime.disagreements).toBe(6);

    // Waits of the last 30 days: answered after 1 h and 6 h, one unanswered past its 4 h SLA.
    expect(m.response_time).toEqual({
      median_seconds: hours(3.5),
      answered: 2,
      waits: 3,
      breaches: 2,
    });
    expect(m.feedback).toEqual({
      matched_description: { yes_rate_pct: 75, yes: 3, answers: 4 },
      would_rent_again: { yes_rate_pct: 50, yes: 2, answers: 4 },
    });
    expect(m.volume).toEqual({ delivered_contracts: 6, distinct_renters: 3, repeat_renters: 2 });
    const days = new Set(
      delivered(A).flatMap((s) =>
        [...s.checks.map((c) => c.at), ...s.probes.map((p) => p.at)]
          .filter((t) => t.getTime() >= windowStart.getTime())
          .map((t) => t.toISOString().slice(0, 10)),
      ),
    );
    expect(m.days_with_checks).toBe(days.size);
    expect(record.computed_at).toBe(NOW.toISOString());
  });

  it('scores formula v1 from those metrics, with a flag per metric beyond its threshold', async () => {
    const record = await getProviderRecord(world.server.anonymous, {
      username: providerA.username,
    });
    const uptime = expectedUptime(delivered(A), windowStart);
    const uptimePct = (uptime.healthy / uptime.expected) * 100;
    // Each penalty as README v1 states it: points per unit beyond the threshold, capped.
    const penalties = {
      uptime_30d: Math.min(60, Math.max(0, 99.5 - uptimePct) * 4),
      provisioning_failure_rate: Math.min(20, (100 / 6 - 15) * 1),
      provider_cancellation_rate: Math.min(20, (20 - 2) * 2),
      early_cancellation_rate: Math.min(10, (20 - 10) * 0.5),
      sla_breach_rate: Math.min(5, ((2 / 3) * 100 - 10) * 0.2),
      feedback_matched_description: Math.min(5, (80 - 75) * 0.25),
      feedback_would_rent_again: Math.min(5, (80 - 50) * 0.25),
    };
    const total = Object.values(penalties).reduce((a, b) => a + b, 0);
    expect(record.formula_version).toBe('v1');
    expect(record.null_reason).toBeNull();
    expect(record.trust_score).toBe(Math.round((100 - total) * 10) / 10);
    expect(record.flags.map((f) => f.metric).sort()).toEqual(
      Object.keys(penalties)
        .filter((k) => k !== 'uptime_30d' || uptimePct < 99.5)
        .sort(),
    );
    const failures = record.flags.find((f) => f.metric === 'provisioning_failure_rate');
    expect(failures?.message).toBe('provisioning failures 16.7 % (threshold 15 %)');
    expect(failures?.penalty).toBeCloseTo(penalties.provisioning_failure_rate, 2);
    expect(record.flags.find((f) => f.metric === 'provider_cancellation_rate')?.message).toBe(
      'provider cancellations 20 % (threshold 2 %)',
    );
    expect(record.flags.find((f) => f.metric === 'uptime_30d')?.message).toBe(
      `uptime over 30 days ${Math.round(uptimePct * 100) / 100} % (threshold 99.5 %)`,
    );
  });

  it('shows no score for a provider with 4 delivered contracts, and says why', async () => {
    const record = await getProviderRecord(world.server.anonymous, {
      username: providerB.username,
    });
    expect(record.trust_score).toBeNull();
    expect(record.null_reason).toBe('Not enough data: 4 delivered contracts (at least 5 needed).');
    expect(record.flags).toEqual([]);
    expect(record.metrics.volume.delivered_contracts).toBe(4);
    const uptime = expectedUptime(B, windowStart);
    expect(record.metrics.uptime_30d.healthy_seconds).toBeCloseTo(uptime.healthy, 3);
  });

  it('shows no score for a provider with 5 delivered contracts but checks on 2 days, and says why', async () => {
    const record = await getProviderRecord(world.server.anonymous, {
      username: providerC.username,
    });
    const days = new Set(C.flatMap((s) => s.checks.map((c) => c.at.toISOString().slice(0, 10))));
    expect([...days].sort()).toEqual(['2026-04-29', '2026-04-30']);
    expect(record.metrics.volume.delivered_contracts).toBe(5);
    expect(record.metrics.days_with_checks).toBe(2);
    expect(record.metrics.uptime_30d.uptime_pct).not.toBeNull();
    expect(record.trust_score).toBeNull();
    expect(record.null_reason).toBe(
      'Not enough data: health checks on 2 days of the last 30 (at least 3 needed).',
    );
    expect(record.flags).toEqual([]);
  });

  it('puts the score and uptime on the offerings and providers, where search finds them', async () => {
    const record = await getProviderRecord(world.server.anonymous, {
      username: providerA.username,
    });
    const score = record.trust_score as number;
    const offeringUptime = await getOfferingUptime(world.server.anonymous, { id: offeringA.id });
    const uptime30 = offeringUptime.windows.find((w) => w.window === '30d');
    expect(uptime30?.uptime_pct).toBeCloseTo(record.metrics.uptime_30d.uptime_pct as number, 3);
    const found = await searchOfferings(world.server.anonymous, {
      q: `trust:>=${Math.floor(score)} uptime:>=${Math.floor(uptime30?.uptime_pct as number)}`,
    });
    const hit = found.items.find((o) => o.id === offeringA.id);
    expect(hit?.trust_score).toBe(score);
    expect(hit?.uptime_30d).toBeCloseTo(uptime30?.uptime_pct as number, 3);
    const above = await searchOfferings(world.server.anonymous, {
      q: `trust:>${Math.ceil(score)}`,
    });
    expect(above.items.map((o) => o.id)).not.toContain(offeringA.id);
  });

  it('lists providers with a score on the leaderboard, never one without', async () => {
    const board = await getLeaderboard(world.server.anonymous, {});
    const usernames = board.items.map((i) => i.username);
    expect(usernames).toContain(providerA.username);
    expect(usernames).not.toContain(providerB.username);
    expect(usernames).not.toContain(providerC.username);
  });

  it('gives each window of a provider and its daily series the checks behind it', async () => {
    const report = await getProviderUptime(world.server.anonymous, {
      username: providerA.username,
    });
    expect(report.computed_at).toBe(NOW.toISOString());
    for (const [name, hoursBack] of [
      ['24h', 24],
      ['7d', 168],
    ] as const) {
      const window = report.windows.find((w) => w.window === name);
      const expected = expectedUptime(delivered(A), at(-hoursBack * HOUR));
      expect(window?.expected_seconds, name).toBeCloseTo(expected.expected, 3);
      expect(window?.healthy_seconds, name).toBeCloseTo(expected.healthy, 3);
      expect(window?.agent_checks, name).toBe(expected.checks);
      expect(window?.probes, name).toBe(expected.probes);
    }
    const series = await getProviderUptimeSeries(world.server.anonymous, {
      username: providerA.username,
      days: 3,
    });
    expect(series.days.map((d) => d.day)).toEqual(['2026-04-28', '2026-04-29', '2026-04-30']);
    const today = expectedUptime(delivered(A), new Date('2026-04-30T00:00:00Z'));
    expect(series.days[2]?.expected_seconds).toBeCloseTo(today.expected, 3);
    expect(series.days[2]?.healthy_seconds).toBeCloseTo(today.healthy, 3);
  });
});
