import { money, proratedRefund, roundDownForStripe } from '@dc/pricing';
import { type PaymentSnapshot, type RefundEffect, transitionPayment } from '@dc/state-machine';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';
import { bookCardRefund, cardRefundTarget } from '../payments/refunds/card-refund';
import { postWalletEntry } from '../wallet/post-entry';
import { type ContractRow, loadSegments, termClock } from './row';

/** A refund that was recorded (and, on the wallet rails, credited). */
export interface AppliedRefund {
  readonly amount: bigint;
  readonly idempotencyKey: string;
  readonly payment: PaymentSnapshot;
}

/**
 * What a refund effect is worth now: `full` is everything paid and not yet refunded,
 * `prorated` the unused paid time at `now` (by `@dc/pricing`, the term ending at `now`),
 * `admin_amount` what the admin chose. Zero when nothing is due.
 */
export async function refundAmount(
  trx: Kysely<Database>,
  contract: ContractRow,
  effect: RefundEffect,
  now: Date,
): Promise<bigint> {
  switch (effect.mode) {
    case 'none':
      return 0n;
    case 'full':
      return contract.paid - contract.refunded;
    case 'admin_amount':
      return effect.amount;
    case 'prorated': {
      const segments = await loadSegments(trx, contract);
      if (segments.length === 0) return contract.paid - contract.refunded;
      const refund = proratedRefund({
        segments,
        clock: termClock(contract, now),
        now,
        refunded: money(contract.refunded, contract.currency),
      });
      return refund.amount;
    }
  }
}

/**
 * Records a refund of `amount` on `contract` inside `trx`: the payment machine checks it
 * (never above `paid - refunded`), a `refunds` row is written under `idempotencyKey` (derived
 * from the contract and the event, never a time), and the wallet and sandbox rails credit the
 * renter's wallet in the contract's currency in the same transaction. Card refunds go back to
 * the card payment that paid the contract: rounded down to what Stripe can send, recorded
 * `pending` (or `awaiting_approval` when above what that payment can still refund) for the
 * refund executor, which is woken once `trx` commits; one the rail already made (a dashboard
 * refund, `external`) is recorded as succeeded.
 */
export async function recordRefund(
  trx: Transaction<Database>,
  contract: ContractRow,
  requested: bigint,
  params: {
    readonly idempotencyKey: string;
    readonly reason: string;
    readonly now: Date;
    /** A refund the rail already made (reconciled from its webhook). */
    readonly external?: { readonly providerRefundId: string; readonly source: 'dashboard' };
  },
): Promise<AppliedRefund> {
  const byCard = contract.payment_rail === 'card';
  // A card refund must be an amount Stripe can send (KWD in steps of 0.010): round down.
  const amount =
    byCard && params.external === undefined
      ? roundDownForStripe(money(requested, contract.currency)).amount
      : requested;
  const payment: PaymentSnapshot = {
    status: contract.payment_status as PaymentSnapshot['status'],
    paid: contract.paid,
    refunded: contract.refunded,
  };
  // Less than Stripe's smallest step: nothing can be sent, so nothing is recorded.
  if (amount === 0n && requested > 0n) {
    return { amount, idempotencyKey: params.idempotencyKey, payment };
  }
  const result = transitionPayment(
    payment,
    { type: 'refund', amount, idempotencyKey: params.idempotencyKey },
    // The sandbox flag only matters for new payments; a refund never creates money.
    { sandboxMode: false },
  );
  if (!result.ok) throw new HttpProblem(409, result.error.code, result.error.message);
  const card = byCard ? await cardRefundTarget(trx, contract, amount) : null;
  const status =
    card === null || params.external !== undefined
      ? 'succeeded'
      : card.fits
        ? 'pending'
        : 'awaiting_approval';
  const inserted = await trx
    .insertInto('refunds')
    .values({
      contract_id: contract.id,
      amount,
      currency: contract.currency,
      idempotency_key: params.idempotencyKey,
      rail: contract.payment_rail,
      status,
      reason: params.reason,
      payment_id: card?.payment.id ?? null,
      source: params.external?.source ?? 'contract',
      provider_refund_id: params.external?.providerRefundId ?? null,
      approval_reason: status === 'awaiting_approval' ? 'exceeds_payment' : null,
      succeeded_at: status === 'succeeded' ? params.now : null,
      created_at: params.now,
      updated_at: params.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) {
    throw new HttpProblem(
      409,
      'refund_already_recorded',
      `A refund with key "${params.idempotencyKey}" is already recorded for this contract; it is not paid twice.`,
    );
  }
  if (card !== null) await bookCardRefund(trx, card, amount, params.now);
  if (!byCard) {
    await postWalletEntry(trx, {
      accountId: contract.renter_id,
      currency: contract.currency,
      amount,
      kind: 'refund_credit',
      idempotencyKey: params.idempotencyKey,
      contractId: contract.id,
      reference: inserted.id,
      memo: params.reason,
      now: params.now,
    });
  }
  return { amount, idempotencyKey: params.idempotencyKey, payment: result.payment };
}
