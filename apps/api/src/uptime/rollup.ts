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
  await sql`
    DELETE FROM uptime_hours u
    USING unnest(${ids}::uuid[], ${froms}::timestamptz[]) AS t(contract_id, from_at)
    WHERE u.contract_id = t.contract_id AND u.hour >= t.from_at`.execute(db);
  await rollupStatement(ids, froms, horizon, coverage, computedAt, 'lateral').execute(db);
}

/**
 * {@link recomputeUptimeHours} for every contract and every hour, in one statement that reads
 * each table once; `uptime_hours` must be empty (the full recompute deletes it first).
 */
export async function recomputeAllUptimeHours(
  db: Kysely<Database>,
  horizon: Date,
  coverage: Coverage,
  computedAt: Date,
): Promise<void> {
  await rollupStatement([], [], horizon, coverage, computedAt, 'all').execute(db);
}

/** The INSERT of {@link recomputeUptimeHours} (exported for EXPLAIN in the bench). */
export function rollupStatement(
  ids: readonly string[],
  froms: readonly string[],
  horizon: Date,
  coverage: Coverage,
  computedAt: Date,
  scan: RowScan,
) {
  const probeCover = sql`make_interval(secs => ${coverage.probeMs / 1000})`;
  const agentCover = sql`make_interval(secs => ${coverage.agentMs / 1000})`;
  const H = sql`${horizon.toISOString()}::timestamptz`;
  const { steps, probeSamples, agentSamples } =
    scan === 'lateral'
      ? lateralScans(H, probeCover, agentCover)
      : wholeTableScans(H, probeCover, agentCover);
  return sql`
    WITH targets AS (
      SELECT * FROM unnest(${ids}::uuid[], ${froms}::timestamptz[]) AS t(contract_id, from_at)
    ),
    steps AS (${steps}),
    delivered AS (
      SELECT contract_id,
             range_agg(tstzrange(greatest(starts, from_at), least(coalesce(ends, ${H}), ${H}))) AS m
      FROM steps
      WHERE to_status IN ('provisioned', 'active')
        AND greatest(starts, from_at) < least(coalesce(ends, ${H}), ${H})
      GROUP BY contract_id
    ),
    probe_samples AS (${probeSamples}),
    -- Per contract and hour first (the counts), then per contract (the coverage): one pass.
    probe_h AS (
      SELECT contract_id, date_trunc('hour', at, 'UTC') AS hour,
             (count(*) FILTER (WHERE at >= from_at))::int AS n,
             (count(*) FILTER (WHERE at >= from_at AND disagrees))::int AS disagreements,
             range_agg(r) AS covered, range_agg(r) FILTER (WHERE up) AS up
      FROM probe_samples GROUP BY 1, 2
    ),
    probe_m AS (
      SELECT contract_id, range_agg(covered) AS covered, range_agg(up) AS up
      FROM probe_h GROUP BY contract_id
    ),
    agent_samples AS (${agentSamples}),
    agent_h AS (
      SELECT contract_id, date_trunc('hour', at, 'UTC') AS hour,
             (count(*) FILTER (WHERE at >= from_at))::int AS n,
             range_agg(r) FILTER (WHERE up) AS up
      FROM agent_samples GROUP BY 1, 2
    ),
    agent_m AS (
      SELECT contract_id, range_agg(up) AS up FROM agent_h GROUP BY contract_id
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
    )
    INSERT INTO uptime_hours (contract_id, hour, expected_seconds, healthy_seconds,
                              agent_checks, probes, disagreements, computed_at)
    SELECT h.contract_id, h.hour,
           tstzmultirange_seconds(j.delivered * tstzmultirange(tstzrange(h.hour, h.hour + interval '1 hour'))),
           tstzmultirange_seconds(j.up * tstzmultirange(tstzrange(h.hour, h.hour + interval '1 hour'))),
           coalesce(ah.n, 0), coalesce(ph.n, 0), coalesce(ph.disagreements, 0),
           ${computedAt.toISOString()}::timestamptz
    FROM hours h
    JOIN judged j ON j.contract_id = h.contract_id
    LEFT JOIN agent_h ah ON ah.contract_id = h.contract_id AND ah.hour = h.hour
    LEFT JOIN probe_h ph ON ph.contract_id = h.contract_id AND ph.hour = h.hour`;
}

/**
 * How the statement reads history, probes and checks:
 * - `lateral`: per target, an index range scan of that contract alone (LATERAL subqueries);
 *   what an incremental run wants, a few recent rows of some contracts;
 * - `all`: every row of each table in one sequential pass, for every contract (the targets are
 *   ignored); what a full recompute wants (a per-contract index walk would visit the heap at
 *   random, and a join with a list of all contracts would only add a hash table).
 * Either way each sample's next one comes from a window over its own contract's rows.
 */
export type RowScan = 'lateral' | 'all';

type Fragment = ReturnType<typeof sql>;

function lateralScans(H: Fragment, probeCover: Fragment, agentCover: Fragment) {
  return {
    steps: sql`
      SELECT t.contract_id, t.from_at, x.to_status, x.starts, x.ends
      FROM targets t CROSS JOIN LATERAL (
        SELECT h.to_status, h.at AS starts, lead(h.at) OVER (ORDER BY h.at, h.id) AS ends
        FROM contract_history h WHERE h.contract_id = t.contract_id
      ) x`,
    probeSamples: sql`
      SELECT t.contract_id, t.from_at, x.at, x.up, x.disagrees,
             tstzrange(x.at, least(x.next_at, x.at + ${probeCover})) AS r
      FROM targets t CROSS JOIN LATERAL (
        SELECT p.probed_at AS at, p.reachable AS up, p.disagrees,
               lead(p.probed_at) OVER (ORDER BY p.probed_at, p.id) AS next_at
        FROM probe_results p
        WHERE p.contract_id = t.contract_id
          AND p.probed_at >= t.from_at - ${probeCover} AND p.probed_at < ${H}
      ) x`,
    agentSamples: sql`
      SELECT t.contract_id, t.from_at, x.at, x.up,
             tstzrange(x.at, least(x.next_at, x.at + ${agentCover})) AS r
      FROM targets t CROSS JOIN LATERAL (
        SELECT hc.checked_at AS at, hc.status = 'healthy' AS up,
               lead(hc.checked_at) OVER (ORDER BY hc.checked_at, hc.id) AS next_at
        FROM health_checks hc
        WHERE hc.contract_id = t.contract_id
          AND hc.checked_at >= t.from_at - ${agentCover} AND hc.checked_at < ${H}
      ) x`,
  };
}

function wholeTableScans(H: Fragment, probeCover: Fragment, agentCover: Fragment) {
  return {
    steps: sql`
      SELECT h.contract_id, '-infinity'::timestamptz AS from_at, h.to_status, h.at AS starts,
             lead(h.at) OVER (PARTITION BY h.contract_id ORDER BY h.at, h.id) AS ends
      FROM contract_history h`,
    probeSamples: sql`
      SELECT p.contract_id, '-infinity'::timestamptz AS from_at, p.probed_at AS at,
             p.reachable AS up, p.disagrees,
             tstzrange(p.probed_at,
                       least(lead(p.probed_at) OVER w, p.probed_at + ${probeCover})) AS r
      FROM probe_results p
      WHERE p.probed_at < ${H}
      WINDOW w AS (PARTITION BY p.contract_id ORDER BY p.probed_at, p.id)`,
    agentSamples: sql`
      SELECT hc.contract_id, '-infinity'::timestamptz AS from_at, hc.checked_at AS at,
             hc.status = 'healthy' AS up,
             tstzrange(hc.checked_at,
                       least(lead(hc.checked_at) OVER w, hc.checked_at + ${agentCover})) AS r
      FROM health_checks hc
      WHERE hc.checked_at < ${H}
      WINDOW w AS (PARTITION BY hc.contract_id ORDER BY hc.checked_at, hc.id)`,
  };
}
