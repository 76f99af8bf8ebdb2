import { add, money, proratedRefund, roundDownForStripe } from '@dc/pricing';
import { type PaymentSnapshot, type RefundEffect, transitionPayment } from '@dc/state-machine';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';
import {
  bookCardRefund,
  type CardRefundPart,
  cardRefundParts,
} from '../payments/refunds/card-refund';
import { postWalletEntry } from '../wallet/post-entry';
import { type ContractRow, loadSegments, termClock } from './row';
import { type RefundParts, refundOfGross, refundOfNet } from './vat-amounts';

/** A refund that was recorded (and, on the wallet rails, credited). */
export interface AppliedRefund {
  /** Net: what left the contract's `refunded` (0 when nothing could be recorded). */
  readonly amount: bigint;
  /** The VAT given back with it; the money moved is `amount + vat`. */
  readonly vat: bigint;
  readonly idempotencyKey: string;
  /** The payment machine after the refund (net `paid` and `refunded`). */
  readonly payment: PaymentSnapshot;
  /** The contract's `vat_refunded` after the refund. */
  readonly vatRefunded: bigint;
}

/**
 * A refund to record: a net amount (a contract event's refund, which gets its VAT added), or
 * money given back VAT included (a refund already made in the Stripe dashboard), split.
 */
export type RefundRequest = { readonly net: bigint } | { readonly gross: bigint };

/**
 * What a refund effect is worth now, net (its VAT is added by `recordRefund`): `full` is
 * everything paid and not yet refunded, `prorated` the unused paid time at `now` (by
 * `@dc/pricing`, the term ending at `now`), `admin_amount` what the admin chose. Zero when
 * nothing is due.
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
 * Records a refund on `contract` inside `trx`: its net part and the VAT that goes with it
 * (`refundOfNet`: at the contract's rent-time rate, capped at the VAT not yet refunded) or,
 * for money already given back, the split of that gross (`refundOfGross`). The payment machine
 * checks the net (never above `paid - refunded`), a `refunds` row is written under
 * `idempotencyKey` (derived from the contract and the event, never a time) with the money given
 * back (net + VAT) as its `amount` and the VAT part as its `vat`, and the wallet and sandbox
 * rails credit that money to the renter's wallet in the contract's currency in the same
 * transaction. Card refunds go back to the card payments that paid the contract (split across
 * the rental's and the extensions' payments when one cannot take it all, `cardRefundParts`,
 * one row per part, the first under `idempotencyKey`, the others `<key>:part<n>`): rounded down
 * to what Stripe can send (then split again), recorded `pending` (or `awaiting_approval` when
 * above what that payment can still refund) for the refund executor, which is woken once `trx`
 * commits; one the rail already made (a dashboard refund, `external`) is recorded as
 * succeeded. The caller stores `payment` and `vatRefunded` on the contract.
 */
export async function recordRefund(
  trx: Transaction<Database>,
  contract: ContractRow,
  request: RefundRequest,
  params: {
    readonly idempotencyKey: string;
    readonly reason: string;
    readonly now: Date;
    /** A refund the rail already made (reconciled from its webhook), on one of its payments. */
    readonly external?: {
      readonly providerRefundId: string;
      readonly source: 'dashboard';
      readonly paymentId: string;
    };
  },
): Promise<AppliedRefund> {
  const byCard = contract.payment_rail === 'card';
  const parts = refundParts(contract, request, byCard && params.external === undefined);
  const amount = parts.net;
  const gross = add(money(parts.net, contract.currency), money(parts.vat, contract.currency));
  const payment: PaymentSnapshot = {
    status: contract.payment_status as PaymentSnapshot['status'],
    paid: contract.paid,
    refunded: contract.refunded,
  };
  // Less than Stripe's smallest step: nothing can be sent, so nothing is recorded.
  if (amount === 0n) {
    return {
      amount,
      vat: 0n,
      idempotencyKey: params.idempotencyKey,
      payment,
      vatRefunded: contract.vat_refunded,
    };
  }
  const result = transitionPayment(
    payment,
    { type: 'refund', amount, idempotencyKey: params.idempotencyKey },
    // The sandbox flag only matters for new payments; a refund never creates money.
    { sandboxMode: false },
  );
  if (!result.ok) throw new HttpProblem(409, result.error.code, result.error.message);
  // Card refunds go back to the card payments that brought the money (split across them when
  // one cannot take it all); the wallet rails give it back in one credit.
  const cardParts = byCard
    ? await cardRefundParts(trx, contract, gross.amount, parts.vat, params.external?.paymentId)
    : null;
  const rows: readonly (CardRefundPart | null)[] = cardParts ?? [null];
  // The wallet's credit refers to the (one) refunds row.
  let firstId = '';
  for (const [index, part] of rows.entries()) {
    const status =
      part === null || params.external !== undefined
        ? 'succeeded'
        : part.fits
          ? 'pending'
          : 'awaiting_approval';
    const inserted = await trx
      .insertInto('refunds')
      .values({
        contract_id: contract.id,
        amount: part?.amount ?? gross.amount,
        vat: part?.vat ?? parts.vat,
        whole_amount: rows.length > 1 ? gross.amount : null,
        currency: contract.currency,
        idempotency_key:
          index === 0 ? params.idempotencyKey : `${params.idempotencyKey}:part${index + 1}`,
        rail: contract.payment_rail,
        status,
        reason: params.reason,
        payment_id: part?.payment.id ?? null,
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
    if (index === 0) firstId = inserted.id;
    if (part !== null) await bookCardRefund(trx, part, params.now);
  }
  if (!byCard) {
    await postWalletEntry(trx, {
      accountId: contract.renter_id,
      currency: contract.currency,
      amount: gross.amount,
      kind: 'refund_credit',
      idempotencyKey: params.idempotencyKey,
      contractId: contract.id,
      reference: firstId,
      memo: params.reason,
      now: params.now,
    });
  }
  return {
    amount,
    vat: parts.vat,
    idempotencyKey: params.idempotencyKey,
    payment: result.payment,
    vatRefunded: add(
      money(contract.vat_refunded, contract.currency),
      money(parts.vat, contract.currency),
    ).amount,
  };
}

/**
 * The net and VAT parts of a refund; for a card refund we send (`toCard`), a gross Stripe could
 * not send (KWD in steps of 0.010) is rounded down and split again, so the money sent is exact.
 */
function refundParts(contract: ContractRow, request: RefundRequest, toCard: boolean): RefundParts {
  const parts =
    'net' in request ? refundOfNet(contract, request.net) : refundOfGross(contract, request.gross);
  if (!toCard) return parts;
  const gross = add(money(parts.net, contract.currency), money(parts.vat, contract.currency));
  const sendable = roundDownForStripe(gross);
  return sendable.amount === gross.amount ? parts : refundOfGross(contract, sendable.amount);
}
