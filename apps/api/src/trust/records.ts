import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { THIRTY_DAYS_HOURS } from '../uptime/windows';
import { scoreProvider } from './formula';
import { computeProviderMetrics } from './metrics';

/** Provider rows written per statement. */
const CHUNK = 500;

/**
 * Recomputes every provider's record at `now` (metrics, score, flags) and stores it with
 * `computed_at`; then copies the scores to `providers.trust_score` and the score and the
 * offering's own 30-day uptime (percent) to `offerings`, which the catalog and the search DSL
 * (`trust:`, `uptime:`) read. Rows whose values did not change are not rewritten.
 */
export async function refreshProviderRecords(db: Kysely<Database>, now: Date): Promise<number> {
  const metrics = await computeProviderMetrics(db, now);
  const rows = [...metrics].map(([providerId, m]) => {
    const scored = scoreProvider(m);
    return {
      provider_id: providerId,
      formula_version: scored.version,
      trust_score: scored.score,
      null_reason: scored.nullReason,
      uptime_30d: m.uptime_30d.uptime_pct,
      delivered_contracts: m.volume.delivered_contracts,
      metrics: JSON.stringify(m),
      flags: JSON.stringify(scored.flags),
      computed_at: now,
    };
  });
  for (let start = 0; start < rows.length; start += CHUNK) {
    await db
      .insertInto('provider_records')
      .values(rows.slice(start, start + CHUNK))
      .onConflict((oc) =>
        oc.column('provider_id').doUpdateSet((eb) => ({
          formula_version: eb.ref('excluded.formula_version'),
          trust_score: eb.ref('excluded.trust_score'),
          null_reason: eb.ref('excluded.null_reason'),
          uptime_30d: eb.ref('excluded.uptime_30d'),
          delivered_contracts: eb.ref('excluded.delivered_contracts'),
          metrics: eb.ref('excluded.metrics'),
          flags: eb.ref('excluded.flags'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
  }
  await sql`
    UPDATE providers p SET trust_score = r.trust_score
    FROM provider_records r
    WHERE r.provider_id = p.account_id AND p.trust_score IS DISTINCT FROM r.trust_score`.execute(
    db,
  );
  await sql`
    UPDATE offerings o SET trust_score = x.trust_score, uptime_30d = x.uptime_30d
    FROM (
      SELECT o2.id, r.trust_score,
             CASE WHEN w.expected_seconds > 0
                  THEN round((w.healthy_seconds / w.expected_seconds * 100)::numeric, 3) END
               AS uptime_30d
      FROM offerings o2
      LEFT JOIN provider_records r ON r.provider_id = o2.provider_id
      LEFT JOIN uptime_windows w ON w.subject_kind = 'offering' AND w.subject_id = o2.id
                                AND w.window_hours = ${THIRTY_DAYS_HOURS}
    ) x
    WHERE x.id = o.id
      AND (o.trust_score IS DISTINCT FROM x.trust_score OR o.uptime_30d IS DISTINCT FROM x.uptime_30d)`.execute(
    db,
  );
  return rows.length;
}
