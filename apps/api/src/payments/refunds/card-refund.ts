import type { Transaction } from 'kysely';
import type { ContractRow } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { notifyRefundDue } from '../notify';
import type { PaymentRow } from '../store';

/** The payment a card refund of a contract goes back to, and whether it can take it. */
export interface CardRefundTarget {
  readonly payment: PaymentRow;
  /** False when the amount is above what this payment can still refund: an admin decides. */
  readonly fits: boolean;
}

/**
 * The card payment that paid `contract` (locked, after the contract: the one lock order), and
 * whether `amount` fits in what that payment can still refund. A refund always goes back to
 * the payment that brought the money, never to another payment's reference.
 */
export async function cardRefundTarget(
  trx: Transaction<Database>,
  contract: ContractRow,
  amount: bigint,
): Promise<CardRefundTarget> {
  const payment = await trx
    .selectFrom('payments')
    .selectAll()
    .where('contract_id', '=', contract.id)
    .where('status', '=', 'succeeded')
    .forUpdate()
    .executeTakeFirst();
  if (payment === undefined) {
    throw new Error(`contract ${contract.id} is paid by card but has no succeeded card payment`);
  }
  return { payment, fits: amount <= (payment.received ?? 0n) - payment.refunded };
}

/**
 * Books a recorded card refund on its payment (when it fits; one waiting for approval is
 * booked when approved) and wakes the refund executor once `trx` commits.
 */
export async function bookCardRefund(
  trx: Transaction<Database>,
  target: CardRefundTarget,
  amount: bigint,
  now: Date,
): Promise<void> {
  if (target.fits) {
    await trx
      .updateTable('payments')
      .set({ refunded: target.payment.refunded + amount, updated_at: now })
      .where('id', '=', target.payment.id)
      .execute();
  }
  await notifyRefundDue(trx);
}
