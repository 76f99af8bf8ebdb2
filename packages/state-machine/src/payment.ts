import type { PaymentSnapshot, PaymentStatus } from './payment-status';

/** Events of the payment machine. Amounts are integer minor units. */
export type PaymentEvent =
  /** The charge for the contract went through, on `rail`. */
  | { readonly type: 'payment_succeeded'; readonly amount: bigint; readonly rail: PaymentRail }
  | { readonly type: 'payment_failed' }
  /** A further payment on the same contract (an extension). */
  | { readonly type: 'additional_payment'; readonly amount: bigint }
  /**
   * A recorded refund. `idempotencyKey` must be derived from what is refunded (contract,
   * reason, sequence), never from a time, so a retry cannot refund twice.
   */
  | { readonly type: 'refund'; readonly amount: bigint; readonly idempotencyKey: string }
  /**
   * A recorded refund that will never be paid (an admin rejected it): its amount leaves
   * `refunded` again, so "refunded" stays the money actually given back or on its way.
   */
  | { readonly type: 'refund_withdrawn'; readonly amount: bigint; readonly idempotencyKey: string }
  | { readonly type: 'dispute_opened' }
  | { readonly type: 'dispute_won' }
  | { readonly type: 'dispute_lost' };

/**
 * How money arrived. `sandbox` is the local test rail: it exists so a newcomer can rent without
 * a card, and is refused unless the platform runs in sandbox mode, whatever the client asked.
 */
export type PaymentRail = 'wallet' | 'card' | 'sandbox';

/** Platform facts the payment machine needs. */
export interface PaymentContext {
  /** True only on a platform started in sandbox mode (never from a request). */
  readonly sandboxMode: boolean;
}

/** Why the payment machine refused. */
export type PaymentErrorCode =
  | 'illegal_payment_transition'
  | 'sandbox_rail_outside_sandbox'
  | 'amount_not_positive'
  | 'refund_exceeds_refundable'
  | 'withdrawal_exceeds_refunded'
  | 'idempotency_key_required';

/** A refused payment event; nothing changes. */
export interface PaymentTransitionError {
  readonly kind: 'PaymentTransitionError';
  readonly code: PaymentErrorCode;
  readonly event: PaymentEvent['type'];
  readonly from: PaymentStatus;
  readonly message: string;
}

/** The payment after the event, or why not. */
export type PaymentTransitionResult =
  | { readonly ok: true; readonly payment: PaymentSnapshot }
  | { readonly ok: false; readonly error: PaymentTransitionError };

/**
 * `partially_refunded` and `refunded` follow from the amounts and are never set by hand, so
 * "refunded" can only ever mean "everything paid went back".
 */
function settledStatus(paid: bigint, refunded: bigint): PaymentStatus {
  if (refunded === 0n) return 'succeeded';
  return refunded >= paid ? 'refunded' : 'partially_refunded';
}

const fail = (
  code: PaymentErrorCode,
  payment: PaymentSnapshot,
  event: PaymentEvent,
  message: string,
): PaymentTransitionResult => ({
  ok: false,
  error: { kind: 'PaymentTransitionError', code, event: event.type, from: payment.status, message },
});

const notPositive = (
  payment: PaymentSnapshot,
  event: PaymentEvent,
  amount: bigint,
): PaymentTransitionResult =>
  fail('amount_not_positive', payment, event, `"amount" must be positive, got ${amount}.`);

const illegal = (payment: PaymentSnapshot, event: PaymentEvent): PaymentTransitionResult =>
  fail(
    'illegal_payment_transition',
    payment,
    event,
    `Payment event "${event.type}" is not allowed from "${payment.status}".`,
  );

/**
 * The payment machine (spec: contracts.md §3):
 * `pending -> succeeded | failed`; `succeeded -> partially_refunded -> refunded`;
 * `succeeded | partially_refunded -> disputed -> succeeded (won) | charged_back (lost)`;
 * a withdrawn refund moves `partially_refunded | refunded` back by the amounts (a disputed or
 * charged-back payment keeps its status). Keeps `0 <= refunded <= paid` by refusing anything
 * that would break it.
 */
export function transitionPayment(
  payment: PaymentSnapshot,
  event: PaymentEvent,
  ctx: PaymentContext,
): PaymentTransitionResult {
  const { status, paid, refunded } = payment;
  const settled = status === 'succeeded' || status === 'partially_refunded';
  switch (event.type) {
    case 'payment_succeeded':
      if (status !== 'pending') return illegal(payment, event);
      if (event.rail === 'sandbox' && !ctx.sandboxMode) {
        return fail(
          'sandbox_rail_outside_sandbox',
          payment,
          event,
          'The "sandbox" payment rail is only accepted when the platform runs in sandbox mode; pay with "wallet" or "card".',
        );
      }
      if (event.amount <= 0n) return notPositive(payment, event, event.amount);
      return { ok: true, payment: { status: 'succeeded', paid: event.amount, refunded: 0n } };
    case 'payment_failed':
      return status === 'pending'
        ? { ok: true, payment: { status: 'failed', paid, refunded } }
        : illegal(payment, event);
    case 'additional_payment': {
      if (!settled) return illegal(payment, event);
      if (event.amount <= 0n) return notPositive(payment, event, event.amount);
      const newPaid = paid + event.amount;
      return {
        ok: true,
        payment: { status: settledStatus(newPaid, refunded), paid: newPaid, refunded },
      };
    }
    case 'refund': {
      if (!settled) return illegal(payment, event);
      if (event.idempotencyKey.trim() === '') {
        return fail(
          'idempotency_key_required',
          payment,
          event,
          '"idempotencyKey" must be a non-empty, deterministic key.',
        );
      }
      if (event.amount <= 0n) return notPositive(payment, event, event.amount);
      if (event.amount > paid - refunded) {
        return fail(
          'refund_exceeds_refundable',
          payment,
          event,
          `Refund of ${event.amount} exceeds what is refundable (${paid - refunded} of ${paid} paid).`,
        );
      }
      const newRefunded = refunded + event.amount;
      return {
        ok: true,
        payment: { status: settledStatus(paid, newRefunded), paid, refunded: newRefunded },
      };
    }
    case 'refund_withdrawn': {
      const refundedStatus = status === 'partially_refunded' || status === 'refunded';
      const disputeStatus = status === 'disputed' || status === 'charged_back';
      if (!refundedStatus && !disputeStatus) return illegal(payment, event);
      if (event.idempotencyKey.trim() === '') {
        return fail(
          'idempotency_key_required',
          payment,
          event,
          '"idempotencyKey" must name the refund withdrawn.',
        );
      }
      if (event.amount <= 0n) return notPositive(payment, event, event.amount);
      if (event.amount > refunded) {
        return fail(
          'withdrawal_exceeds_refunded',
          payment,
          event,
          `Withdrawing a refund of ${event.amount} exceeds what is refunded (${refunded}).`,
        );
      }
      const newRefunded = refunded - event.amount;
      return {
        ok: true,
        payment: {
          status: disputeStatus ? status : settledStatus(paid, newRefunded),
          paid,
          refunded: newRefunded,
        },
      };
    }
    case 'dispute_opened':
      return settled
        ? { ok: true, payment: { status: 'disputed', paid, refunded } }
        : illegal(payment, event);
    case 'dispute_won':
      return status === 'disputed'
        ? { ok: true, payment: { status: settledStatus(paid, refunded), paid, refunded } }
        : illegal(payment, event);
    case 'dispute_lost':
      return status === 'disputed'
        ? { ok: true, payment: { status: 'charged_back', paid, refunded } }
        : illegal(payment, event);
  }
}

/** The payment edges as data (for documentation and diagrams). */
export const PAYMENT_TRANSITIONS: readonly {
  readonly event: PaymentEvent['type'];
  readonly from: readonly PaymentStatus[];
  readonly to: readonly PaymentStatus[];
}[] = Object.freeze([
  { event: 'payment_succeeded', from: ['pending'], to: ['succeeded'] },
  { event: 'payment_failed', from: ['pending'], to: ['failed'] },
  {
    event: 'additional_payment',
    from: ['succeeded', 'partially_refunded'],
    to: ['succeeded', 'partially_refunded'],
  },
  {
    event: 'refund',
    from: ['succeeded', 'partially_refunded'],
    to: ['partially_refunded', 'refunded'],
  },
  {
    event: 'refund_withdrawn',
    from: ['partially_refunded', 'refunded'],
    to: ['succeeded', 'partially_refunded'],
  },
  { event: 'refund_withdrawn', from: ['disputed'], to: ['disputed'] },
  { event: 'refund_withdrawn', from: ['charged_back'], to: ['charged_back'] },
  { event: 'dispute_opened', from: ['succeeded', 'partially_refunded'], to: ['disputed'] },
  { event: 'dispute_won', from: ['disputed'], to: ['succeeded', 'partially_refunded'] },
  { event: 'dispute_lost', from: ['disputed'], to: ['charged_back'] },
]);
