import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { enqueueNotification } from '../notifications/enqueue';
import { windowStart } from '../uptime/windows';
import { formatNumber } from './formula';

/** A contract's 24 h uptime is judged only once it was expected up this long in the window. */
export const ALERT_MIN_EXPECTED_SECONDS = 3 * 3600;

/** What {@link raiseUptimeAlerts} did. */
export interface UptimeAlertReport {
  /** Contracts that crossed below the threshold in this run (one notification each). */
  readonly crossedBelow: number;
  /** Contracts back at or above it (re-armed, no notification). */
  readonly recovered: number;
}

/**
 * "Uptime below threshold" for providers (trust.md §5): for each `provisioned`/`active`
 * contract expected up at least 3 hours of the last 24, a 24 h uptime below `thresholdPct`
 * notifies the provider once per crossing. The contract's alert row remembers it is below; it
 * is re-armed when the uptime is back at or above the threshold, and the next crossing is a new
 * notification (dedupe key `uptime_below_threshold:<contract>:<crossing>`).
 */
export async function raiseUptimeAlerts(
  db: Kysely<Database>,
  horizon: Date,
  thresholdPct: number,
): Promise<UptimeAlertReport> {
  const rows = await sql<{
    contract_id: string;
    provider_id: string;
    offering_name: string;
    expected: number;
    healthy: number;
    below: boolean | null;
    crossings: number | null;
  }>`
    SELECT c.id AS contract_id, c.provider_id, o.name AS offering_name,
           sum(u.expected_seconds)::float8 AS expected, sum(u.healthy_seconds)::float8 AS healthy,
           a.below, a.crossings
    FROM contracts c
    JOIN offerings o ON o.id = c.offering_id
    JOIN uptime_hours u ON u.contract_id = c.id
      AND u.hour >= ${windowStart(horizon, 24).toISOString()}::timestamptz
    LEFT JOIN uptime_alerts a ON a.contract_id = c.id
    WHERE c.status IN ('provisioned', 'active')
    GROUP BY c.id, c.provider_id, o.name, a.below, a.crossings
    HAVING sum(u.expected_seconds) >= ${ALERT_MIN_EXPECTED_SECONDS}
        OR a.below`.execute(db);
  let crossedBelow = 0;
  let recovered = 0;
  for (const row of rows.rows) {
    const judged = row.expected >= ALERT_MIN_EXPECTED_SECONDS;
    const pct = row.expected > 0 ? (row.healthy / row.expected) * 100 : 100;
    const below = judged && pct < thresholdPct;
    if (below && row.below !== true) {
      const crossing = (row.crossings ?? 0) + 1;
      await db
        .insertInto('uptime_alerts')
        .values({
          contract_id: row.contract_id,
          below: true,
          crossings: crossing,
          changed_at: horizon,
        })
        .onConflict((oc) =>
          oc
            .column('contract_id')
            .doUpdateSet({ below: true, crossings: crossing, changed_at: horizon }),
        )
        .execute();
      await enqueueNotification(db, {
        accountId: row.provider_id,
        event: 'uptime_below_threshold',
        contractId: row.contract_id,
        title: `Uptime ${formatNumber(pct)} % on a contract of ${row.offering_name}`.slice(0, 200),
        body:
          `Contract ${row.contract_id} (${row.offering_name}) was up ${formatNumber(pct)} % ` +
          `of the last 24 hours, below the ${formatNumber(thresholdPct)} % threshold. ` +
          "The platform probes its SSH port every 5 minutes; see the contract's uptime for the daily series.",
        data: { contract_id: row.contract_id, uptime_24h_pct: pct, threshold_pct: thresholdPct },
        dedupeKey: `uptime_below_threshold:${row.contract_id}:${crossing}`,
        at: horizon,
      });
      crossedBelow += 1;
    } else if (judged && !below && row.below === true) {
      await db
        .updateTable('uptime_alerts')
        .set({ below: false, changed_at: horizon })
        .where('contract_id', '=', row.contract_id)
        .execute();
      recovered += 1;
    }
  }
  return { crossedBelow, recovered };
}
