import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { listedOfferingSql } from './listed';

/** Fewer comparable listed offerings than this and there is no market price (spec §4). */
export const MIN_COMPARABLES = 5;

/** An offering's place against the market; nulls below {@link MIN_COMPARABLES}. */
export interface MarketComparison {
  /** Median monthly price of the comparables in minor units, rounded half away from zero. */
  readonly median_price_per_month: number | null;
  /** `(price - median) / median` in percent, 1 decimal; negative = cheaper than the market. */
  readonly delta_pct: number | null;
  readonly comparables: number;
}

/** What the comparison needs to know of the offering being compared. */
export interface MarketSubject {
  readonly id: string;
  readonly product_type: string;
  readonly currency: string;
  readonly region: string;
  readonly cpu_cores: number;
  readonly memory_mib: bigint | number;
  readonly price_per_month: bigint | number;
}

// Comparable (spec §4): a listed offering other than the subject (comparing with itself would
// pull the median towards its own price), with the same product type, currency and region, and
// cores and memory each within a factor of 1.5 either way. 1.5 = 3/2, so the bounds are
// compared in exact integer arithmetic: c <= 1.5 s <=> 2c <= 3s, and c >= s / 1.5 <=> 3c >= 2s.
// `o` is the comparable, `s` the subject; for queries over `offerings as o` + `pools as p`.
const comparableSql = sql<boolean>`(o.id <> s.id AND o.product_type = s.product_type AND o.currency = s.currency AND o.region = s.region AND 2 * o.cpu_cores <= 3 * s.cpu_cores AND 3 * o.cpu_cores >= 2 * s.cpu_cores AND 2 * o.memory_mib <= 3 * s.memory_mib AND 3 * o.memory_mib >= 2 * s.memory_mib AND ${listedOfferingSql})`;

/**
 * The market comparison of one offering, computed now from the current listed offerings (the
 * offering detail shows this, so it is never stale there). Reads only.
 */
export async function marketComparisonOf(
  db: Kysely<Database>,
  subject: MarketSubject,
): Promise<MarketComparison> {
  // Rounded in SQL, exactly as refreshMarketPrices rounds, so both always agree.
  const result = await sql<{
    comparables: bigint | number;
    median: bigint | number | null;
    delta: string | number | null;
  }>`
    WITH s AS (
      SELECT CAST(${subject.id} AS uuid) AS id,
             CAST(${subject.product_type} AS text) AS product_type,
             CAST(${subject.currency} AS char(3)) AS currency,
             CAST(${subject.region} AS text) AS region,
             CAST(${subject.cpu_cores} AS integer) AS cpu_cores,
             CAST(${String(subject.memory_mib)} AS bigint) AS memory_mib,
             CAST(${String(subject.price_per_month)} AS bigint) AS price_per_month
    ), m AS (
      SELECT count(o.id) AS comparables,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY o.price_per_month)::numeric AS median
      FROM s JOIN offerings AS o ON TRUE LEFT JOIN pools AS p ON p.id = o.pool_id
      WHERE ${comparableSql}
    )
    SELECT m.comparables,
           CASE WHEN m.comparables >= ${MIN_COMPARABLES} THEN round(m.median)::bigint END AS median,
           CASE WHEN m.comparables >= ${MIN_COMPARABLES}
                THEN round((s.price_per_month - m.median) * 100 / m.median, 1) END AS delta
    FROM s, m`.execute(db);
  const row = result.rows[0];
  return {
    median_price_per_month: row?.median == null ? null : Number(row.median),
    delta_pct: row?.delta == null ? null : Number(row.delta),
    comparables: Number(row?.comparables ?? 0),
  };
}

/**
 * Recomputes `market_median_price`, `market_comparables` and `market_delta_pct` of every live
 * offering in one statement (what the `market:` search field filters on). Drafts, private and
 * shared offerings get a comparison too (against listed offerings only), so a provider sees
 * where a draft would stand; rows whose values did not change are not written.
 *
 * Staleness: the stored values are as of the last refresh. {@link scheduleMarketRefresh} runs
 * one shortly after every offering write through the API; a pool going on- or offline
 * (heartbeats) changes what is listed without an offering write, which the periodic
 * {@link refreshMarketPricesOnce} of the sweeper (about every minute) picks up. The offering detail never uses the
 * stored values (see {@link marketComparisonOf}).
 */
export async function refreshMarketPrices(db: Kysely<Database>): Promise<number> {
  const result = await sql`
    WITH market AS (
      SELECT s.id,
             count(o.id) AS comparables,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY o.price_per_month)::numeric AS median
      FROM offerings AS s
      LEFT JOIN (offerings AS o LEFT JOIN pools AS p ON p.id = o.pool_id) ON ${comparableSql}
      WHERE s.deleted_at IS NULL
      GROUP BY s.id
    ), computed AS (
      SELECT s.id,
             m.comparables::integer AS comparables,
             CASE WHEN m.comparables >= ${MIN_COMPARABLES} THEN round(m.median)::bigint END AS median,
             CASE WHEN m.comparables >= ${MIN_COMPARABLES}
                  THEN round((s.price_per_month - m.median) * 100 / m.median, 1) END AS delta
      FROM offerings AS s JOIN market AS m ON m.id = s.id
    )
    UPDATE offerings AS t
    SET market_comparables = c.comparables,
        market_median_price = c.median,
        market_delta_pct = c.delta
    FROM computed AS c
    WHERE t.id = c.id
      AND (t.market_comparables IS DISTINCT FROM c.comparables
        OR t.market_median_price IS DISTINCT FROM c.median
        OR t.market_delta_pct IS DISTINCT FROM c.delta)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * {@link refreshMarketPrices} as the periodic job every API instance runs: under a transaction
 * advisory lock taken with `try`, so while one instance refreshes, the others skip this round
 * instead of computing the same medians again. Returns the rows changed, or `null` when skipped.
 */
export async function refreshMarketPricesOnce(db: Kysely<Database>): Promise<number | null> {
  return db.transaction().execute(async (trx) => {
    const lock = await sql<{
      got: boolean;
    }>`SELECT pg_try_advisory_xact_lock(hashtext('dc:market-refresh')) AS got`.execute(trx);
    if (lock.rows[0]?.got !== true) return null;
    return refreshMarketPrices(trx);
  });
}

/** Wait after an offering write before refreshing, so a burst of writes costs one refresh. */
export const MARKET_REFRESH_DELAY_MS = 2_000;

interface RefreshState {
  timer: NodeJS.Timeout | undefined;
  running: boolean;
  again: boolean;
}

const states = new WeakMap<Kysely<Database>, RefreshState>();

/**
 * Arranges a {@link refreshMarketPrices} {@link MARKET_REFRESH_DELAY_MS} after the last call
 * (debounced per database; at most one refresh runs at a time, and a call during a refresh
 * schedules one more after it). Fire-and-forget: failures are logged, never thrown at the
 * request that changed an offering, which has already committed.
 */
export function scheduleMarketRefresh(db: Kysely<Database>, log: Logger): void {
  let state = states.get(db);
  if (!state) {
    state = { timer: undefined, running: false, again: false };
    states.set(db, state);
  }
  const current = state;
  if (current.running) {
    current.again = true;
    return;
  }
  clearTimeout(current.timer);
  current.timer = setTimeout(() => {
    current.timer = undefined;
    current.running = true;
    refreshMarketPrices(db)
      .then((changed) => log.debug({ changed }, 'market prices refreshed'))
      .catch((error: unknown) => log.error({ err: error }, 'market price refresh failed'))
      .finally(() => {
        current.running = false;
        if (current.again) {
          current.again = false;
          scheduleMarketRefresh(db, log);
        }
      });
  }, MARKET_REFRESH_DELAY_MS);
  // A pending refresh must not keep a stopping process alive.
  current.timer.unref();
}
