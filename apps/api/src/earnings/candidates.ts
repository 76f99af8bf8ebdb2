import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Parameters of {@link accrualCandidates}. */
export interface CandidatePage {
  readonly now: Date;
  /** Keyset: only contract ids after this one. */
  readonly after: string | null;
  readonly limit: number;
}

/**
 * Delivered contracts whose earnings may need an accrual at `now`, in id order: the running
 * ones whose hourly accrual is due (`earnings_accruals_due`, an index on `next_at` of the
 * accruals not final), and the ones marked in `billing_work` since their last accrual
 * (delivered, or changed: a status, a refund, a dispute; triggers mark them in the transaction
 * of the change, see 0014_payment_gaps). Both are index reads of what is due, so a round costs
 * what changed and what runs, never the number of contracts that ever ended. A superset is
 * fine: {@link accrueContract} decides again on the locked row, and removes the mark.
 */
export async function accrualCandidates(
  db: Kysely<Database>,
  page: CandidatePage,
): Promise<string[]> {
  const running = db
    .selectFrom('earnings_accruals')
    .select('contract_id')
    .where('final', '=', false)
    .where('next_at', '<=', page.now)
    .$if(page.after !== null, (q) => q.where('contract_id', '>', page.after ?? ''));
  const marked = db
    .selectFrom('billing_work')
    .select('contract_id')
    .where('kind', '=', 'accrual')
    .$if(page.after !== null, (q) => q.where('contract_id', '>', page.after ?? ''));
  const rows = await db
    .selectFrom(running.union(marked).as('due'))
    .select('due.contract_id')
    .orderBy('due.contract_id')
    .limit(page.limit)
    .execute();
  return rows.map((row) => row.contract_id);
}
