import { formatMoney, money } from '@dc/pricing';
import { transition } from '@dc/state-machine';
import type { Transaction } from 'kysely';
import { applyContractEvent } from '../../contracts/apply-event';
import { type ContractRow, contractSnapshot } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { enqueueReceipt } from '../../receipts/enqueue';
import { extensionPrice } from '../extension/price';
import { extendEvent } from '../extension/start';
import type { PaymentRow } from '../store';

/**
 * Applies a paid extension payment inside `trx` (contract and payment locked, contract first):
 * the `extend` event goes through `applyContractEvent` as the renter who bought it, with the
 * payment's idempotency key as the segment's (UNIQUE), so the hours are added once whatever
 * the deliveries; the payment is marked succeeded and its receipt queued. Returns false,
 * changing nothing, when the contract no longer takes the extension (it ended, or its money
 * is disputed or gone back): the caller records the money as late and refunds it.
 */
export async function applyExtensionPayment(
  trx: Transaction<Database>,
  contract: ContractRow,
  payment: PaymentRow,
  received: bigint,
  now: Date,
): Promise<boolean> {
  if (payment.extension_hours === null) {
    throw new Error(`extension payment ${payment.id} has no hours`);
  }
  const hours = BigInt(payment.extension_hours);
  const price = extensionPrice(contract, hours);
  // The caller checked `received` against the payment's amount, which was this price.
  if (price.gross !== received) {
    throw new Error(
      `contract ${contract.id}: extension payment of ${received} is not its net ${price.net} + VAT ${price.vat}`,
    );
  }
  const event = extendEvent(hours, price);
  const actor = { role: 'renter', key: `payment:${payment.id}` } as const;
  const check = transition(await contractSnapshot(trx, contract), event, { now, actor });
  if (!check.ok) return false;
  await applyContractEvent(trx, {
    contractId: contract.id,
    event,
    actor,
    now,
    idempotencyKey: payment.idempotency_key,
    memo: `${hours} h by card`,
  });
  await trx
    .updateTable('payments')
    .set({ status: 'succeeded', received, succeeded_at: now, failure: null, updated_at: now })
    .where('id', '=', payment.id)
    .execute();
  await enqueueReceipt(trx, {
    paymentKey: `payment:${payment.id}`,
    accountId: contract.renter_id,
    kind: 'card_payment',
    currency: contract.currency,
    amount: received,
    ...(contract.vat_kind === 'none'
      ? {}
      : { vat: { amount: price.vat, rateBps: BigInt(contract.vat_rate_bps) } }),
    description: `Extension of contract ${contract.id} by ${hours} h by card (${formatMoney(money(received, contract.currency))} ${contract.currency})`,
    contractId: contract.id,
    at: now,
  });
  return true;
}
