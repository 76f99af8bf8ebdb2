import type { UptimeWindow } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { hourOf } from './update';

/** The windows of trust.md §1 and their length in hours. */
export const WINDOWS = [
  { name: '24h', hours: 24 },
  { name: '7d', hours: 168 },
  { name: '30d', hours: 720 },
] as const;

/** Window length in hours of the 30-day window (the record and the catalog use it). */
export const THIRTY_DAYS_HOURS = 720;

/**
 * The first hour of a window of `hours` ending at `horizon`: the hour holding the horizon's
 * last instant (partial unless the horizon is on the hour) and the `hours - 1` before it. So a
 * window covers between `hours - 1` and `hours` hours, exactly `hours` on the hour.
 */
export function windowStart(horizon: Date, hours: number): Date {
  return new Date(hourOf(new Date(horizon.getTime() - 1)).getTime() - (hours - 1) * 3_600_000);
}

/** Summed hours of one subject and window. */
export interface UptimeTotals {
  readonly expected_seconds: number;
  readonly healthy_seconds: number;
  readonly agent_checks: number;
  readonly probes: number;
  readonly disagreements: number;
}

/** Healthy / expected in percent (rounded to 0.001), null without expected time. */
export function uptimePct(
  totals: Pick<UptimeTotals, 'expected_seconds' | 'healthy_seconds'>,
): number | null {
  if (!(totals.expected_seconds > 0)) return null;
  return Math.round((totals.healthy_seconds / totals.expected_seconds) * 100_000) / 1000;
}

/** A window as the API shows it. */
export function windowView(
  name: UptimeWindow['window'],
  totals: UptimeTotals | undefined,
): UptimeWindow {
  const t = totals ?? {
    expected_seconds: 0,
    healthy_seconds: 0,
    agent_checks: 0,
    probes: 0,
    disagreements: 0,
  };
  return {
    window: name,
    uptime_pct: uptimePct(t),
    expected_seconds: t.expected_seconds,
    healthy_seconds: t.healthy_seconds,
    agent_checks: Number(t.agent_checks),
    probes: Number(t.probes),
    disagreements: Number(t.disagreements),
  };
}

/**
 * Rewrites `uptime_windows`: for every offering and provider with delivered time in the last 30
 * days, the sums of its contracts' hours over each window ending at `horizon`.
 */
export async function refreshUptimeWindows(db: Kysely<Database>, horizon: Date): Promise<void> {
  await db.deleteFrom('uptime_windows').execute();
  const starts = WINDOWS.map((w) => windowStart(horizon, w.hours).toISOString());
  const at = horizon.toISOString();
  for (const [kind, column] of [
    ['offering', 'offering_id'],
    ['provider', 'provider_id'],
  ] as const) {
    await sql`
      INSERT INTO uptime_windows (subject_kind, subject_id, window_hours, expected_seconds,
        healthy_seconds, agent_checks, probes, disagreements, computed_at)
      SELECT ${kind}, ${sql.ref(`c.${column}`)}, w.hours,
             sum(u.expected_seconds), sum(u.healthy_seconds),
             sum(u.agent_checks), sum(u.probes), sum(u.disagreements), ${at}::timestamptz
      FROM uptime_hours u
      JOIN contracts c ON c.id = u.contract_id
      JOIN unnest(${WINDOWS.map((w) => w.hours)}::int[], ${starts}::timestamptz[]) AS w(hours, starts)
        ON u.hour >= w.starts
      WHERE u.hour >= ${starts[starts.length - 1]}::timestamptz
      GROUP BY ${sql.ref(`c.${column}`)}, w.hours`.execute(db);
  }
}

/** The windows of one contract, summed from its hours at read time (a read, never a write). */
export async function contractWindows(
  db: Kysely<Database>,
  contractId: string,
  horizon: Date | null,
): Promise<UptimeWindow[]> {
  if (horizon === null) return WINDOWS.map((w) => windowView(w.name, undefined));
  const rows = await db
    .selectFrom('uptime_hours')
    .select([
      'hour',
      'expected_seconds',
      'healthy_seconds',
      'agent_checks',
      'probes',
      'disagreements',
    ])
    .where('contract_id', '=', contractId)
    .where('hour', '>=', windowStart(horizon, THIRTY_DAYS_HOURS))
    .execute();
  return WINDOWS.map((w) => {
    const start = windowStart(horizon, w.hours).getTime();
    const totals = {
      expected_seconds: 0,
      healthy_seconds: 0,
      agent_checks: 0,
      probes: 0,
      disagreements: 0,
    };
    for (const row of rows) {
      if (row.hour.getTime() < start) continue;
      totals.expected_seconds += row.expected_seconds;
      totals.healthy_seconds += row.healthy_seconds;
      totals.agent_checks += row.agent_checks;
      totals.probes += row.probes;
      totals.disagreements += row.disagreements;
    }
    return windowView(w.name, totals);
  });
}

/** The stored windows of an offering or a provider. */
export async function storedWindows(
  db: Kysely<Database>,
  kind: 'offering' | 'provider',
  subjectId: string,
): Promise<UptimeWindow[]> {
  const rows = await db
    .selectFrom('uptime_windows')
    .selectAll()
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .execute();
  return WINDOWS.map((w) => {
    const row = rows.find((r) => r.window_hours === w.hours);
    return windowView(w.name, row);
  });
}
