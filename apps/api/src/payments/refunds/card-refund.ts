import { min, money } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { ContractRow } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { notifyRefundDue } from '../notify';
import type { PaymentRow } from '../store';

/** One card payment a refund (or a part of it) goes back to. */
export interface CardRefundPart {
  readonly payment: PaymentRow;
  /** The money this part gives back (net + `vat`). */
  readonly amount: bigint;
  readonly vat: bigint;
  /** False when it is more than its payment can still refund: an admin decides. */
  readonly fits: boolean;
}

/** What a payment can still give back: received, less what was refunded or is on its way. */
const room = (payment: PaymentRow) => (payment.received ?? 0n) - payment.refunded;

/**
 * The card payments a refund of `amount` (of which `vat` is VAT) on `contract` goes back to,
 * locked after the contract (the one lock order). A refund always goes back to payments that
 * brought the contract's money, never to another payment's reference: a contract paid by its
 * rental and extensions is refunded from the newest money first (the last hours bought are
 * the first unused), each part capped at what its payment can still refund, with the VAT
 * shared in proportion (the rest of the rounding on the largest part). When all of them
 * together cannot take it, it is one part on the newest payment that does not fit, for an
 * admin. `onPayment` (a refund made in the Stripe dashboard) names the one payment it was
 * made on.
 */
export async function cardRefundParts(
  trx: Transaction<Database>,
  contract: ContractRow,
  amount: bigint,
  vat: bigint,
  onPayment?: string,
): Promise<CardRefundPart[]> {
  let query = trx
    .selectFrom('payments')
    .selectAll()
    .where('contract_id', '=', contract.id)
    .where('status', '=', 'succeeded')
    .where('purpose', 'in', ['contract', 'extension']);
  if (onPayment !== undefined) query = query.where('id', '=', onPayment);
  const payments = await query
    .orderBy('succeeded_at', 'desc')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .forUpdate()
    .execute();
  const [newest] = payments;
  if (newest === undefined) {
    throw new Error(`contract ${contract.id} is paid by card but has no succeeded card payment`);
  }
  const total = payments.reduce((sum, payment) => sum + room(payment), 0n);
  if (total < amount) return [{ payment: newest, amount, vat, fits: false }];
  const takes: { payment: PaymentRow; amount: bigint }[] = [];
  let left = amount;
  for (const payment of payments) {
    if (left === 0n) break;
    const take = min(
      money(room(payment), contract.currency),
      money(left, contract.currency),
    ).amount;
    if (take <= 0n) continue;
    takes.push({ payment, amount: take });
    left -= take;
  }
  const largest = takes.reduce((a, b) => (b.amount > a.amount ? b : a));
  const shares = takes.map((take) => (take === largest ? 0n : (vat * take.amount) / amount));
  const rest = vat - shares.reduce((sum, share) => sum + share, 0n);
  return takes.map((take, i) => ({
    payment: take.payment,
    amount: take.amount,
    vat: take === largest ? rest : (shares[i] ?? 0n),
    fits: true,
  }));
}

/**
 * Books a recorded card refund part on its payment (when it fits; one waiting for approval is
 * booked when approved) and wakes the refund executor once `trx` commits.
 */
export async function bookCardRefund(
  trx: Transaction<Database>,
  part: CardRefundPart,
  now: Date,
): Promise<void> {
  if (part.fits) {
    await trx
      .updateTable('payments')
      .set({ refunded: part.payment.refunded + part.amount, updated_at: now })
      .where('id', '=', part.payment.id)
      .execute();
  }
  await notifyRefundDue(trx);
}
