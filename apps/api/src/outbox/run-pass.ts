import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { type ClaimTerms, claimDueRows, type LeasedOutboxTable, type RowClaim } from './claim-due';

/** A leased outbox as one pass sees it: where its rows are, and what sends one. */
export interface LeasedOutbox<Row extends RowClaim, Outcome extends string> {
  readonly table: LeasedOutboxTable;
  /** The columns the claim returns for `handle`; `id` and `attempts` among them. */
  readonly columns: readonly (keyof Row & string)[];
  /**
   * Sends one claimed row and records its outcome (with {@link finishClaimed}), returning what
   * to count, or null when there is nothing to count (the claim had ended meanwhile).
   */
  readonly handle: (row: Row) => Promise<Outcome | null>;
}

/**
 * One pass over a leased outbox: claims the due rows ({@link claimDueRows}), then sends them one
 * after the other, outside any transaction, counting each outcome in `report`. Returns how many
 * rows were claimed: a full batch means more may be due.
 */
export async function runOutboxPass<Row extends RowClaim, Outcome extends string>(
  db: Kysely<Database>,
  outbox: LeasedOutbox<Row, Outcome>,
  terms: ClaimTerms,
  report: Record<Outcome, number>,
): Promise<number> {
  const claimed = await claimDueRows<Row>(db, outbox.table, terms, outbox.columns);
  for (const row of claimed) {
    const outcome = await outbox.handle(row);
    if (outcome !== null) report[outcome] += 1;
  }
  return claimed.length;
}
