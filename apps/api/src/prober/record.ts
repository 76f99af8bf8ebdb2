import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { TcpProbeResult } from './tcp-probe';

/** One probe to store. */
export interface ProbeOutcome {
  readonly contractId: string;
  readonly probedAt: Date;
  /** `host:port` probed. */
  readonly target: string;
  readonly result: TcpProbeResult;
}

/**
 * Stores probes, each beside the agent's latest check of the same contract within the probe
 * interval before it. They disagree when the agent said `healthy` and the port was closed, or
 * `unhealthy` while it accepted connections (`unknown` claims nothing); the row records it and
 * uptime follows the probe either way.
 */
export async function recordProbes(
  db: Kysely<Database>,
  outcomes: readonly ProbeOutcome[],
  intervalMs: number,
): Promise<void> {
  if (outcomes.length === 0) return;
  await sql`
    INSERT INTO probe_results
      (contract_id, probed_at, target, reachable, latency_ms, error,
       agent_check_id, agent_status, disagrees)
    SELECT p.contract_id, p.probed_at, p.target, p.reachable, p.latency_ms, p.error,
           a.id, a.status,
           coalesce((a.status = 'healthy' AND NOT p.reachable)
                 OR (a.status = 'unhealthy' AND p.reachable), false)
    FROM unnest(${outcomes.map((o) => o.contractId)}::uuid[],
                ${outcomes.map((o) => o.probedAt.toISOString())}::timestamptz[],
                ${outcomes.map((o) => o.target)}::text[],
                ${outcomes.map((o) => o.result.reachable)}::boolean[],
                ${outcomes.map((o) => o.result.latencyMs)}::integer[],
                ${outcomes.map((o) => o.result.error)}::text[])
      AS p(contract_id, probed_at, target, reachable, latency_ms, error)
    LEFT JOIN LATERAL (
      SELECT h.id, h.status FROM health_checks h
      WHERE h.contract_id = p.contract_id
        AND h.checked_at > p.probed_at - make_interval(secs => ${intervalMs / 1000})
        AND h.checked_at <= p.probed_at
      ORDER BY h.checked_at DESC, h.id DESC
      LIMIT 1
    ) a ON true`.execute(db);
}
