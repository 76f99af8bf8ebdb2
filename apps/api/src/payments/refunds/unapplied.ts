import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { notifyRefundDue } from '../notify';
import type { PaymentRow } from '../store';

/**
 * Records the refund of money that never became the contract's (a payment that arrived after
 * the contract ended, or held for a wrong amount): everything received and not yet refunded,
 * as a pending card refund the executor carries out. It is not counted in the contract's
 * `refunded` (the contract never had it). Keyed `refund:<contract>:<reason>:<payment>`, so a
 * repeated event records nothing new. `payment` must be locked by the caller.
 */
export async function recordUnappliedRefund(
  trx: Transaction<Database>,
  payment: PaymentRow,
  reason: 'late_payment' | 'amount_mismatch',
  now: Date,
): Promise<bigint> {
  const amount = (payment.received ?? 0n) - payment.refunded;
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
