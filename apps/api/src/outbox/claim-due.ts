import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The outbox tables whose rows are claimed under a lease kept in the row itself: a claim moves
 * `available_at` a lease ahead and counts the attempt, so a row is due again when its claimer
 * dies, and the attempt count tells a current claim from an ended one.
 */
export type LeasedOutboxTable = 'notification_deliveries' | 'mail_outbox';

/** One claimed row as its claimer knows it: the attempt its claim counted identifies the claim. */
export interface RowClaim {
  readonly id: string;
  readonly attempts: number;
}

/** The terms of one claim. */
export interface ClaimTerms {
  readonly now: Date;
  /** How long the claim holds a row; must outlast the longest send the row makes. */
  readonly leaseMs: number;
  readonly batchSize: number;
}

/**
 * Claims up to `batchSize` due `pending` rows of `table`, oldest due first, in one statement:
 * each row's `available_at` moves a lease ahead and its attempt is counted. `FOR UPDATE SKIP
 * LOCKED` lets instances claim different rows at once, and no transaction stays open while the
 * claimer sends. Returns the claimed rows with `columns` (which must include `id` and
 * `attempts`: {@link finishClaimed} needs them).
 */
export async function claimDueRows<Row extends RowClaim>(
  db: Kysely<Database>,
  table: LeasedOutboxTable,
  terms: ClaimTerms,
  columns: readonly (keyof Row & string)[],
): Promise<Row[]> {
  const leaseEnd = new Date(terms.now.getTime() + terms.leaseMs);
  const rows = await db
    .updateTable(table)
    .set((eb) => ({
      available_at: leaseEnd,
      attempts: eb('attempts', '+', 1),
      updated_at: terms.now,
    }))
    .where('id', 'in', (eb) =>
      eb
        .selectFrom(table)
        .select('id')
        .where('status', '=', 'pending')
        .where('available_at', '<=', terms.now)
        .orderBy('available_at')
        .limit(terms.batchSize)
        .forUpdate()
        .skipLocked(),
    )
    .where('status', '=', 'pending')
    // Kysely cannot type a column list for a table chosen at run time: `Row` declares the types.
    .returning(columns as never)
    .execute();
  return rows as unknown as Row[];
}
