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
 * Delivered contracts whose earnings may need an accrual at `now`, in id order: never accrued,
 * running and due (or changed), or final but changed since (a refund or a dispute after the
 * end). A superset is fine: {@link accrueContract} decides again on the locked row.
 *
 * It reads every delivered contract with its accrual row (a join on the primary key); that is
 * one index scan per run, which the sweeper runs about once a minute.
 */
export async function accrualCandidates(
  db: Kysely<Database>,
  page: CandidatePage,
): Promise<string[]> {
  let query = db
    .selectFrom('contracts as c')
    .leftJoin('earnings_accruals as a', 'a.contract_id', 'c.id')
    .select('c.id')
    .where('c.term_start', 'is not', null)
    .where((eb) =>
      eb.or([
        eb('a.contract_id', 'is', null),
        eb.and([eb('a.final', '=', false), eb('a.next_at', '<=', page.now)]),
        eb('a.contract_updated_at', 'is distinct from', eb.ref('c.updated_at')),
        eb('a.contract_refunded', 'is distinct from', eb.ref('c.refunded')),
        eb('a.contract_payment_status', 'is distinct from', eb.ref('c.payment_status')),
      ]),
    )
    .orderBy('c.id')
    .limit(page.limit);
  if (page.after !== null) query = query.where('c.id', '>', page.after);
  const rows = await query.execute();
  return rows.map((row) => row.id);
}
