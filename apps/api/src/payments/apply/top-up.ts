import { formatMoney, money } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema';
import { enqueueReceipt } from '../../receipts/enqueue';
import { postWalletEntry } from '../../wallet/post-entry';
import type { PaymentRow } from '../store';

/**
 * Credits a paid top-up to the payer's wallet in its currency (ledger kind `topup`, key
 * `topup:<payment id>`, so a second delivery credits nothing), marks the payment succeeded and
 * queues its receipt, all in `trx`. `payment` must be locked and pending.
 */
export async function creditTopUp(
  trx: Transaction<Database>,
  payment: PaymentRow,
  received: bigint,
  now: Date,
): Promise<void> {
  const description = `Wallet top-up of ${formatMoney(money(received, payment.currency))} ${payment.currency} by card`;
  await postWalletEntry(trx, {
    accountId: payment.account_id,
    currency: payment.currency,
    amount: received,
    kind: 'topup',
    idempotencyKey: `topup:${payment.id}`,
    reference: payment.id,
    memo: description,
    now,
  });
  await trx
    .updateTable('payments')
    .set({ status: 'succeeded', received, succeeded_at: now, failure: null, updated_at: now })
    .where('id', '=', payment.id)
    .execute();
  await enqueueReceipt(trx, {
    paymentKey: `payment:${payment.id}`,
    accountId: payment.account_id,
    kind: 'wallet_topup',
    currency: payment.currency,
    amount: received,
    description,
    contractId: null,
    at: now,
  });
}
