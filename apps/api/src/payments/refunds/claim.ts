import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database, RefundsTable } from '../../db/schema';

/** A claimed card refund with the rail reference of the payment it goes back to. */
export type ClaimedRefund = Selectable<RefundsTable> & {
  readonly payment_reference: string | null;
  readonly account_id: string;
};

/** Parameters of {@link claimDueRefunds}. */
export interface ClaimParameters {
  readonly now: Date;
  /** How long the claim keeps other instances away (longer than one rail call). */
  readonly leaseMs: number;
  /** Card refunds above this many minor units need an admin's approval first. */
  readonly thresholdMinor: bigint;
  readonly limit: number;
}

/**
 * Claims up to `limit` due card refunds in one short transaction: pending, not waiting for a
 * retry, not claimed by a live lease; rows another instance holds are skipped (`FOR UPDATE
 * SKIP LOCKED`). A refund above the approval threshold that no admin approved is moved to
 * `awaiting_approval` instead of being claimed. Each claimed row gets a lease and one more
 * attempt; the rail call happens after this transaction, outside any lock.
 */
export function claimDueRefunds(
  db: Kysely<Database>,
  params: ClaimParameters,
): Promise<ClaimedRefund[]> {
  const { now } = params;
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('refunds')
      .selectAll()
      .where('status', '=', 'pending')
      .where('rail', '=', 'card')
      .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .orderBy('created_at')
      .orderBy('id')
      .limit(params.limit)
      .forUpdate()
      .skipLocked()
      .execute();
    // A refund split across payments is judged by its whole amount, not by each part.
    const gated = due.filter(
      (r) => (r.whole_amount ?? r.amount) > params.thresholdMinor && r.decided_by === null,
    );
    if (gated.length > 0) {
      await trx
        .updateTable('refunds')
        .set({ status: 'awaiting_approval', approval_reason: 'threshold', updated_at: now })
        .where(
          'id',
          'in',
          gated.map((r) => r.id),
        )
        .execute();
    }
    const claimed = due.filter((r) => !gated.includes(r));
    if (claimed.length === 0) return [];
    const until = new Date(now.getTime() + params.leaseMs);
    await trx
      .updateTable('refunds')
      .set({ locked_until: until, attempts: sql`attempts + 1`, updated_at: now })
      .where(
        'id',
        'in',
        claimed.map((r) => r.id),
      )
      .execute();
    const payments = await trx
      .selectFrom('payments')
      .select(['id', 'payment_intent_id', 'account_id'])
      .where(
        'id',
        'in',
        claimed.map((r) => r.payment_id ?? ''),
      )
      .execute();
    return claimed.map((refund) => {
      const payment = payments.find((p) => p.id === refund.payment_id);
      return {
        ...refund,
        attempts: refund.attempts + 1,
        locked_until: until,
        payment_reference: payment?.payment_intent_id ?? null,
        account_id: payment?.account_id ?? '',
      };
    });
  });
}
