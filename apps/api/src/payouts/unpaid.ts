import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** An earning not paid by any live batch, with whether its contract's payment is disputed. */
export interface UnpaidEarning {
  readonly id: string;
  readonly contract_id: string;
  readonly amount: bigint;
  readonly disputed: boolean;
}

/** A provider's unpaid earnings and totals in one currency, read in ONE statement (one snapshot). */
export interface UnpaidPosition {
  readonly unpaid: UnpaidEarning[];
  /** Every earning ever accrued. */
  readonly earned: bigint;
  /** In batches that did not fail (confirmed or on their way). */
  readonly paidOut: bigint;
}

/**
 * The earnings no unreleased item pays, and the totals `payable` needs, from one SQL statement:
 * an accrual committing in between could otherwise make the items and the totals disagree.
 */
export async function unpaidPosition(
  trx: Transaction<Database>,
  providerId: string,
  currency: string,
): Promise<UnpaidPosition> {
  const { rows } = await sql<{
    id: string | null;
    contract_id: string | null;
    amount: bigint | null;
    disputed: boolean | null;
    earned: string;
    paid_out: string;
  }>`
    WITH totals AS (
      SELECT
        (SELECT coalesce(sum(amount), 0) FROM earnings
          WHERE provider_id = ${providerId} AND currency = ${currency})::text AS earned,
        (SELECT coalesce(sum(amount), 0) FROM payout_batches
          WHERE provider_id = ${providerId} AND currency = ${currency}
            AND status <> 'failed')::text AS paid_out
    ), unpaid AS (
      SELECT e.id, e.contract_id, e.amount, c.payment_status = 'disputed' AS disputed,
             e.accrued_at
      FROM earnings e JOIN contracts c ON c.id = e.contract_id
      WHERE e.provider_id = ${providerId} AND e.currency = ${currency} AND e.amount <> 0
        AND NOT EXISTS (
          SELECT 1 FROM payout_items i WHERE i.earning_id = e.id AND i.released_at IS NULL)
    )
    SELECT u.id, u.contract_id, u.amount, u.disputed, t.earned, t.paid_out
    FROM totals t LEFT JOIN unpaid u ON true
    ORDER BY u.accrued_at, u.id
  `.execute(trx);
  const first = rows[0];
  const unpaid: UnpaidEarning[] = [];
  for (const row of rows) {
    if (row.id === null || row.contract_id === null || row.amount === null) continue;
    unpaid.push({
      id: row.id,
      contract_id: row.contract_id,
      amount: BigInt(row.amount),
      disputed: row.disputed === true,
    });
  }
  return {
    unpaid,
    earned: BigInt(first?.earned ?? '0'),
    paidOut: BigInt(first?.paid_out ?? '0'),
  };
}

/**
 * The earnings a batch pays: all of them but those of a disputed contract whose unpaid sum is
 * positive (held until the dispute ends, like `held` in the balance).
 */
export function payableItems(unpaid: readonly UnpaidEarning[]): UnpaidEarning[] {
  const disputedSums = new Map<string, bigint>();
  for (const earning of unpaid) {
    if (!earning.disputed) continue;
    disputedSums.set(
      earning.contract_id,
      (disputedSums.get(earning.contract_id) ?? 0n) + earning.amount,
    );
  }
  return unpaid.filter(
    (earning) => !earning.disputed || (disputedSums.get(earning.contract_id) ?? 0n) <= 0n,
  );
}
