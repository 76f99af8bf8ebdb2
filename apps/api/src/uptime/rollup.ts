import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';

/** How long one sample stands for its contract when no later sample replaces it. */
export interface Coverage {
  /** A probe: the prober interval plus a grace (a round may start a little late). */
  readonly probeMs: number;
  /** An agent check: the agent's 5-minute cadence plus the same grace. */
  readonly agentMs: number;
}

/** A contract whose uptime hours from `from` (on the hour, or -infinity) on are recomputed. */
export interface RollupTarget {
  readonly contractId: string;
  readonly from: Date | '-infinity';
}

/**
 * Recomputes `uptime_hours` of `targets` from their first hour up to `horizon`, from the raw
 * rows (contract_history, probe_results, health_checks): the rows of those hours are deleted
 * and written again, so a run is idempotent and late-arriving rows are folded in.
 *
 * Per contract, as time ranges (multiranges):
 * - expected = while `provisioned` or `active` (from the history), up to the horizon;
 * - a sample covers from its time until the next sample of the same source, at most its
 *   coverage (`coverage.probeMs` / `agentMs`);
 * - healthy = expected ∩ (probes that connected ∪ (healthy agent checks − all probe coverage)):
 *   where the prober probed it wins, elsewhere the agent counts, and time nobody reported on is
 *   down (trust.md §1).
 * Each UTC hour gets the seconds of both, and the number of checks, probes and disagreements
 * in it.
 */
export async function recomputeUptimeHours(
  db: Kysely<Database>,
  targets: readonly RollupTarget[],
  horizon: Date,
  coverage: Coverage,
  computedAt: Date,
): Promise<void> {
  if (targets.length === 0) return;
  const ids = targets.map((t) => t.contractId);
  const froms = targets.map((t) => (t.from === '-infinity' ? '-infinity' : t.from.toISOString()));
  const probeCover = sql`make_interval(secs => ${coverage.probeMs / 1000})`;
  const agentCover = sql`make_interval(secs => ${coverage.agentMs / 1000})`;
  const H = sql`${horizon.toISOString()}::timestamptz`;
  await sql`
    DELETE FROM uptime_hours u
    USING unnest(${ids}::uuid[], ${froms}::timestamptz[]) AS t(contract_id, from_at)
    WHERE u.contract_id = t.contract_id AND u.hour >= t.from_at`.execute(db);
  await sql`
    WITH targets AS (
      SELECT * FROM unnest(${ids}::uuid[], ${froms}::timestamptz[]) AS t(contract_id, from_at)
    ),
    steps AS (
      SELECT h.contract_id, h.to_status, h.at AS starts,
             lead(h.at) OVER (PARTITION BY h.contract_id ORDER BY h.at, h.id) AS ends
      FROM contract_history h JOIN targets t ON t.contract_id = h.contract_id
    ),
    delivered AS (
      SELECT s.contract_id,
             range_agg(tstzrange(greatest(s.starts, t.from_at),
                                 least(coalesce(s.ends, ${H}), ${H}))) AS m
      FROM steps s JOIN targets t ON t.contract_id = s.contract_id
      WHERE s.to_status IN ('provisioned', 'active')
        AND greatest(s.starts, t.from_at) < least(coalesce(s.ends, ${H}), ${H})
      GROUP BY s.contract_id
    ),
    probe_spans AS (
      SELECT p.contract_id, p.reachable,
             tstzrange(p.probed_at, least(lead(p.probed_at) OVER w, p.probed_at + ${probeCover})) AS r
      FROM probe_results p JOIN targets t ON t.contract_id = p.contract_id
      WHERE p.probed_at >= t.from_at - ${probeCover} AND p.probed_at < ${H}
      WINDOW w AS (PARTITION BY p.contract_id ORDER BY p.probed_at, p.id)
    ),
    probe_m AS (
      SELECT contract_id, range_agg(r) AS covered, range_agg(r) FILTER (WHERE reachable) AS up
      FROM probe_spans GROUP BY contract_id
    ),
    agent_spans AS (
      SELECT hc.contract_id, hc.status = 'healthy' AS healthy,
             tstzrange(hc.checked_at, least(lead(hc.checked_at) OVER w, hc.checked_at + ${agentCover})) AS r
      FROM health_checks hc JOIN targets t ON t.contract_id = hc.contract_id
      WHERE hc.checked_at >= t.from_at - ${agentCover} AND hc.checked_at < ${H}
      WINDOW w AS (PARTITION BY hc.contract_id ORDER BY hc.checked_at, hc.id)
    ),
    agent_m AS (
      SELECT contract_id, range_agg(r) FILTER (WHERE healthy) AS up
      FROM agent_spans GROUP BY contract_id
    ),
    judged AS (
      SELECT d.contract_id, d.m AS delivered,
             d.m * (coalesce(p.up, '{}'::tstzmultirange)
                    + (coalesce(a.up, '{}'::tstzmultirange)
                       - coalesce(p.covered, '{}'::tstzmultirange))) AS up
      FROM delivered d
      LEFT JOIN probe_m p ON p.contract_id = d.contract_id
      LEFT JOIN agent_m a ON a.contract_id = d.contract_id
    ),
    hours AS (
      SELECT DISTINCT j.contract_id, g.hour
      FROM judged j
      CROSS JOIN LATERAL unnest(j.delivered) AS r(span)
      CROSS JOIN LATERAL generate_series(date_trunc('hour', lower(r.span), 'UTC'),
                                         upper(r.span) - interval '1 microsecond',
                                         interval '1 hour') AS g(hour)
    ),
    check_counts AS (
      SELECT hc.contract_id, date_trunc('hour', hc.checked_at, 'UTC') AS hour, count(*)::int AS n
      FROM health_checks hc JOIN targets t ON t.contract_id = hc.contract_id
      WHERE hc.checked_at >= t.from_at AND hc.checked_at < ${H}
      GROUP BY 1, 2
    ),
    probe_counts AS (
      SELECT p.contract_id, date_trunc('hour', p.probed_at, 'UTC') AS hour, count(*)::int AS n,
             (count(*) FILTER (WHERE p.disagrees))::int AS disagreements
      FROM probe_results p JOIN targets t ON t.contract_id = p.contract_id
      WHERE p.probed_at >= t.from_at AND p.probed_at < ${H}
      GROUP BY 1, 2
    )
    INSERT INTO uptime_hours (contract_id, hour, expected_seconds, healthy_seconds,
                              agent_checks, probes, disagreements, computed_at)
    SELECT h.contract_id, h.hour,
           tstzmultirange_seconds(j.delivered * tstzmultirange(tstzrange(h.hour, h.hour + interval '1 hour'))),
           tstzmultirange_seconds(j.up * tstzmultirange(tstzrange(h.hour, h.hour + interval '1 hour'))),
           coalesce(cc.n, 0), coalesce(pc.n, 0), coalesce(pc.disagreements, 0),
           ${computedAt.toISOString()}::timestamptz
    FROM hours h
    JOIN judged j ON j.contract_id = h.contract_id
    LEFT JOIN check_counts cc ON cc.contract_id = h.contract_id AND cc.hour = h.hour
    LEFT JOIN probe_counts pc ON pc.contract_id = h.contract_id AND pc.hour = h.hour`.execute(db);
}
