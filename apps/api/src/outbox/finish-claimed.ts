import type { Kysely, SelectType, Updateable } from 'kysely';
import type { Database } from '../db/schema';
import type { LeasedOutboxTable, RowClaim } from './claim-due';

/**
 * Writes the outcome of a claimed row, only while the claim is still current: the row is in one
 * of `liveStatuses` and still carries the attempt count this claim made. A claimer whose lease
 * ended (another instance claimed the row again, counting a new attempt) or whose row another
 * claimer already finished changes nothing, so each row is marked once. Returns whether this
 * claim marked it.
 */
export async function finishClaimed<T extends LeasedOutboxTable>(
  db: Kysely<Database>,
  table: T,
  claim: RowClaim,
  liveStatuses: readonly SelectType<Database[T]['status']>[],
  now: Date,
  values: Updateable<Database[T]>,
): Promise<boolean> {
  // Seen through the union of the tables: Kysely cannot resolve columns of a generic table.
  const result = await db
    .updateTable(table as LeasedOutboxTable)
    .set({ ...values, updated_at: now } as Updateable<Database[LeasedOutboxTable]>)
    .where('id', '=', claim.id)
    .where(
      'status',
      'in',
      liveStatuses as readonly SelectType<Database[LeasedOutboxTable]['status']>[],
    )
    .where('attempts', '=', claim.attempts)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
