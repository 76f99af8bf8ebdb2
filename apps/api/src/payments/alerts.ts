import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** What an admin must look at (0007_payments.sql `payment_alerts`). */
export type AlertKind =
  | 'amount_mismatch'
  | 'late_payment'
  | 'dispute'
  | 'refund_failed'
  | 'dashboard_refund';

/** One alert: written once per `dedupeKey`, whatever the number of deliveries or retries. */
export interface Alert {
  readonly kind: AlertKind;
  readonly dedupeKey: string;
  readonly detail: string;
  readonly paymentId?: string;
  readonly refundId?: string;
  readonly now: Date;
}

/** Records `alert` in `trx` (nothing when its key is already there); true when it is new. */
export async function raiseAlert(trx: Transaction<Database>, alert: Alert): Promise<boolean> {
  const inserted = await trx
    .insertInto('payment_alerts')
    .values({
      kind: alert.kind,
      payment_id: alert.paymentId ?? null,
      refund_id: alert.refundId ?? null,
      detail: alert.detail,
      dedupe_key: alert.dedupeKey,
      created_at: alert.now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}
