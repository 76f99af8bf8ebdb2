import { transitionPayment } from '@dc/state-machine';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { lockPaymentAndContract } from './complete';

/**
 * The checkout expired (or its delayed payment failed) without the money: the payment is
 * `expired` and, for a contract still waiting for its rental payment, the contract's payment
 * goes `pending -> failed` through the payment machine (the unpaid-request sweep then ends the
 * contract, refunding nothing since nothing was paid). An expired extension changes nothing
 * else: the contract keeps its paid term. Idempotent; a paid payment is untouched.
 */
export async function expirePayment(
  trx: Transaction<Database>,
  paymentId: string,
  now: Date,
): Promise<boolean> {
  const { payment, contract } = await lockPaymentAndContract(trx, paymentId);
  if (payment.status !== 'pending') return false;
  await trx
    .updateTable('payments')
    .set({ status: 'expired', updated_at: now })
    .where('id', '=', payment.id)
    .execute();
  if (contract === undefined || payment.purpose !== 'contract') return true;
  const failed = transitionPayment(
    {
      status: contract.payment_status as 'pending',
      paid: contract.paid,
      refunded: contract.refunded,
    },
    { type: 'payment_failed' },
    { sandboxMode: false },
  );
  if (failed.ok) {
    await trx
      .updateTable('contracts')
      .set({ payment_status: failed.payment.status, updated_at: now })
      .where('id', '=', contract.id)
      .execute();
  }
  return true;
}

/**
 * A card attempt was declined. A Checkout Session takes another card until it expires, so
 * the payment stays pending and keeps the reason for the payer to see.
 */
export async function recordDecline(
  trx: Transaction<Database>,
  paymentId: string,
  message: string,
  now: Date,
): Promise<boolean> {
  const updated = await trx
    .updateTable('payments')
    .set({ failure: message.slice(0, 500), updated_at: now })
    .where('id', '=', paymentId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}
