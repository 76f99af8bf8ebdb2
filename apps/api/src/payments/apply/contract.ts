import { add, formatMoney, money } from '@dc/pricing';
import { type ContractStatus, isTerminalStatus, transitionPayment } from '@dc/state-machine';
import type { Transaction } from 'kysely';
import { applyContractEvent } from '../../contracts/apply-event';
import { autoAccepts } from '../../contracts/auto-accept';
import type { ContractRow } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { notifyPaidRequest } from '../../notifications/contract-notices';
import { enqueueReceipt } from '../../receipts/enqueue';
import type { PaymentRow } from '../store';

/**
 * Applies a paid card payment to its contract inside `trx` (both rows locked, contract first):
 * the payment machine moves the contract's payment `pending -> succeeded` with the net part of
 * the amount received (the first segment and the setup fee), the VAT part (theirs, fixed at
 * rent time) becomes `vat_paid`, the receipt is queued and, when the offering's auto-accept
 * rule takes the rental,
 * the system accepts it (a card rental could not be accepted before it was paid). Returns
 * false, changing nothing, when the contract no longer waits for this payment (ended, or its
 * payment is no longer pending): the caller records the money as late and refunds it.
 */
export async function applyContractPayment(
  trx: Transaction<Database>,
  contract: ContractRow,
  payment: PaymentRow,
  received: bigint,
  now: Date,
): Promise<boolean> {
  if (isTerminalStatus(contract.status as ContractStatus)) return false;
  const first = await trx
    .selectFrom('contract_segments')
    .select(['hours', 'amount', 'vat'])
    .where('contract_id', '=', contract.id)
    .where('seq', '=', 1)
    .executeTakeFirstOrThrow();
  const c = contract.currency;
  const net = add(money(first.amount, c), money(contract.setup_fee, c));
  const vat = add(money(first.vat, c), money(contract.setup_fee_vat, c));
  // The caller checked `received` against the payment's amount, which rent set to this sum.
  if (add(net, vat).amount !== received) {
    throw new Error(
      `contract ${contract.id}: card payment of ${received} is not its net ${net.amount} + VAT ${vat.amount}`,
    );
  }
  const result = transitionPayment(
    {
      status: contract.payment_status as 'pending',
      paid: contract.paid,
      refunded: contract.refunded,
    },
    { type: 'payment_succeeded', amount: net.amount, rail: 'card' },
    { sandboxMode: false },
  );
  if (!result.ok) return false;
  await trx
    .updateTable('contracts')
    .set({
      payment_status: result.payment.status,
      paid: result.payment.paid,
      vat_paid: vat.amount,
      updated_at: now,
    })
    .where('id', '=', contract.id)
    .execute();
  await trx
    .updateTable('payments')
    .set({ status: 'succeeded', received, succeeded_at: now, failure: null, updated_at: now })
    .where('id', '=', payment.id)
    .execute();
  const offering = await trx
    .selectFrom('offerings')
    .selectAll()
    .where('id', '=', contract.offering_id)
    .executeTakeFirstOrThrow();
  const renter = await trx
    .selectFrom('accounts')
    .select('username')
    .where('id', '=', contract.renter_id)
    .executeTakeFirstOrThrow();
  await enqueueReceipt(trx, {
    paymentKey: `payment:${payment.id}`,
    accountId: contract.renter_id,
    kind: 'card_payment',
    currency: contract.currency,
    amount: received,
    ...(contract.vat_kind === 'none'
      ? {}
      : { vat: { amount: vat.amount, rateBps: BigInt(contract.vat_rate_bps) } }),
    description: `${first.hours} h of ${offering.name} by card (${formatMoney(money(received, contract.currency))} ${contract.currency})`,
    contractId: contract.id,
    at: now,
  });
  await notifyPaidRequest(trx, contract, now);
  if (contract.status === 'requested' && autoAccepts(offering, first.hours, renter.username)) {
    await applyContractEvent(trx, {
      contractId: contract.id,
      event: { type: 'accept' },
      actor: { role: 'system', key: `auto_accept:${offering.id}` },
      now,
      memo: 'auto_accept',
    });
  }
  return true;
}
