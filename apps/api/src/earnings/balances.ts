import { money, owed, payable } from '@dc/pricing';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';

/** A provider's position in one currency (contracts.md §4, billing.md §4), minor units. */
export interface EarningsBalance {
  readonly providerId: string;
  readonly currency: string;
  /** Accrued earnings, net of the platform fee. */
  readonly earned: bigint;
  readonly platformFee: bigint;
  /** In confirmed payout batches. */
  readonly paidOut: bigint;
  /** In batches still on their way (draft, approved, sent). */
  readonly inFlight: bigint;
  /** Unpaid earnings of contracts whose payment is disputed: delayed until it is resolved. */
  readonly held: bigint;
  /** `payable(earned, paidOut + inFlight, held)` of `@dc/pricing`: what a new batch pays. */
  readonly payable: bigint;
  /** `owed(...)`: what the provider owes back when earnings fell below what was paid out. */
  readonly owed: bigint;
  readonly lastAccruedAt: Date | null;
}

/** Which balances {@link loadBalances} reads. */
export interface BalanceFilter {
  readonly providerId?: string;
  readonly currency?: string;
}

const int = (value: unknown): bigint => BigInt(String(value ?? '0'));

/**
 * Every (provider, currency) with earnings, and its balance. Sums are exact (`numeric` in SQL,
 * bigint here); `payable` and `owed` come from `@dc/pricing`. Held money is per contract: the
 * unbatched earnings of a disputed contract, when positive (a debt is never held back).
 */
export async function loadBalances(
  db: Kysely<Database>,
  filter: BalanceFilter = {},
): Promise<EarningsBalance[]> {
  const providerClause =
    filter.providerId === undefined ? sql`` : sql`AND provider_id = ${filter.providerId}`;
  const currencyClause =
    filter.currency === undefined ? sql`` : sql`AND currency = ${filter.currency}`;
  const { rows } = await sql<{
    provider_id: string;
    currency: string;
    earned: string;
    platform_fee: string;
    paid_out: string | null;
    in_flight: string | null;
    held: string | null;
    last_accrued_at: Date | null;
  }>`
    WITH accrued AS (
      SELECT provider_id, currency, sum(amount) AS earned, sum(platform_fee) AS platform_fee,
             max(accrued_at) AS last_accrued_at
      FROM earnings WHERE true ${providerClause} ${currencyClause}
      GROUP BY provider_id, currency
    ), batches AS (
      SELECT provider_id, currency,
             sum(amount) FILTER (WHERE status = 'confirmed') AS paid_out,
             sum(amount) FILTER (WHERE status IN ('draft','approved','sent')) AS in_flight
      FROM payout_batches WHERE true ${providerClause} ${currencyClause}
      GROUP BY provider_id, currency
    ), held_per_contract AS (
      SELECT e.provider_id, e.currency, sum(e.amount) AS held
      FROM earnings e
      JOIN contracts c ON c.id = e.contract_id AND c.payment_status = 'disputed'
      WHERE NOT EXISTS (
        SELECT 1 FROM payout_items i WHERE i.earning_id = e.id AND i.released_at IS NULL
      ) ${filter.providerId === undefined ? sql`` : sql`AND e.provider_id = ${filter.providerId}`}
        ${filter.currency === undefined ? sql`` : sql`AND e.currency = ${filter.currency}`}
      GROUP BY e.provider_id, e.currency, e.contract_id
      HAVING sum(e.amount) > 0
    ), held AS (
      SELECT provider_id, currency, sum(held) AS held FROM held_per_contract
      GROUP BY provider_id, currency
    )
    SELECT a.provider_id, a.currency, a.earned::text AS earned,
           a.platform_fee::text AS platform_fee, b.paid_out::text AS paid_out,
           b.in_flight::text AS in_flight, h.held::text AS held, a.last_accrued_at
    FROM accrued a
    LEFT JOIN batches b ON b.provider_id = a.provider_id AND b.currency = a.currency
    LEFT JOIN held h ON h.provider_id = a.provider_id AND h.currency = a.currency
    ORDER BY a.provider_id, a.currency
  `.execute(db);
  return rows.map((row) => {
    const currency = row.currency;
    const position = {
      earned: money(int(row.earned), currency),
      paidOut: money(int(row.paid_out) + int(row.in_flight), currency),
      held: money(int(row.held), currency),
    };
    return {
      providerId: row.provider_id,
      currency,
      earned: position.earned.amount,
      platformFee: int(row.platform_fee),
      paidOut: int(row.paid_out),
      inFlight: int(row.in_flight),
      held: position.held.amount,
      payable: payable(position).amount,
      owed: owed(position).amount,
      lastAccruedAt: row.last_accrued_at === null ? null : new Date(row.last_accrued_at),
    };
  });
}
