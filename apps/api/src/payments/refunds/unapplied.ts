import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { notifyRefundDue } from '../notify';
import type { PaymentRow } from '../store';

/**
 * Why money that never became the contract's goes back: it arrived after the contract stopped
 * waiting for it, it was held for a wrong amount and the contract ended, an admin released a
 * held payment by refunding it, or applied one that paid more than owed (the excess).
 */
export type UnappliedReason = 'late_payment' | 'amount_mismatch' | 'released' | 'overpayment';

/**
 * Records the refund of money that never became the contract's: everything received and not
 * yet refunded (or `only` that much of it), as a pending card refund the executor carries out. It is
 * not counted in the contract's `refunded` (the contract never had it). Keyed
 * `refund:<contract>:<reason>:<payment>`, so a repeated event records nothing new. `payment`
 * must be locked by the caller. Returns the amount recorded (0 when nothing was).
 */
export async function recordUnappliedRefund(
  trx: Transaction<Database>,
  payment: PaymentRow,
  reason: UnappliedReason,
  now: Date,
  only?: bigint,
): Promise<bigint> {
  const amount = only ?? (payment.received ?? 0n) - payment.refunded;
  if (payment.contract_id === null || amount <= 0n) return 0n;
  const inserted = await trx
    .insertInto('refunds')
    .values({
      contract_id: payment.contract_id,
      payment_id: payment.id,
      amount,
      currency: payment.currency,
      idempotency_key: `refund:${payment.contract_id}:${reason}:${payment.id}`,
      rail: 'card',
      source: 'unapplied_payment',
      status: 'pending',
      reason,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return 0n;
  await trx
    .updateTable('payments')
    .set({ refunded: payment.refunded + amount, updated_at: now })
    .where('id', '=', payment.id)
    .execute();
  await notifyRefundDue(trx);
  return amount;
}
