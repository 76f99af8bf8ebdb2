import type { UptimeDay } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { uptimePct } from './windows';

const DAY_MS = 86_400_000;

/** Whose contracts a series sums. */
export type SeriesSubject =
  | { readonly kind: 'contract'; readonly id: string }
  | { readonly kind: 'offering'; readonly id: string }
  | { readonly kind: 'provider'; readonly id: string };

/**
 * Daily uptime (UTC days) of a subject over the `days` days ending with the horizon's day,
 * oldest first, summed from the contracts' hours at read time. Days without delivered time are
 * left out.
 */
export async function uptimeSeries(
  db: Kysely<Database>,
  subject: SeriesSubject,
  horizon: Date | null,
  days: number,
): Promise<UptimeDay[]> {
  if (horizon === null) return [];
  // The horizon's day is the one holding its last instant (a midnight horizon ends the day before).
  const lastDay = Math.floor((horizon.getTime() - 1) / DAY_MS);
  const firstDay = new Date((lastDay - (days - 1)) * DAY_MS);
  const column =
    subject.kind === 'contract'
      ? 'c.id'
      : subject.kind === 'offering'
        ? 'c.offering_id'
        : 'c.provider_id';
  const rows = await sql<{
    day: Date;
    expected_seconds: number;
    healthy_seconds: number;
    agent_checks: bigint;
    probes: bigint;
    disagreements: bigint;
  }>`
    SELECT date_trunc('day', u.hour, 'UTC') AS day,
           sum(u.expected_seconds)::float8 AS expected_seconds,
           sum(u.healthy_seconds)::float8 AS healthy_seconds,
           sum(u.agent_checks)::int8 AS agent_checks,
           sum(u.probes)::int8 AS probes,
           sum(u.disagreements)::int8 AS disagreements
    FROM uptime_hours u JOIN contracts c ON c.id = u.contract_id
    WHERE ${sql.ref(column)} = ${subject.id} AND u.hour >= ${firstDay.toISOString()}::timestamptz
    GROUP BY 1
    HAVING sum(u.expected_seconds) > 0
    ORDER BY 1`.execute(db);
  return rows.rows.map((row) => ({
    day: new Date(row.day).toISOString().slice(0, 10),
    uptime_pct: uptimePct(row),
    expected_seconds: row.expected_seconds,
    healthy_seconds: row.healthy_seconds,
    agent_checks: Number(row.agent_checks),
    probes: Number(row.probes),
    disagreements: Number(row.disagreements),
  }));
}
