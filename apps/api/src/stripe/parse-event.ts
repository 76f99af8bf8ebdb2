import { fromStripeAmount, type Money } from '@dc/pricing';
import type Stripe from 'stripe';
import type { RailEvent } from '../payments/rail';

/** Stripe ids may come as a string or, when expanded, as the object. */
function idOf(value: string | { readonly id: string } | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : value.id;
}

/** Stripe's amount in its unit -> our minor units; null when Stripe sent an impossible one. */
function moneyOf(amount: number | null, currency: string | null): Money | null {
  if (amount === null || currency === null) return null;
  try {
    return fromStripeAmount(BigInt(amount), currency);
  } catch {
    return null;
  }
}

/** How a dispute closed: lost means charged back; every other closed state kept the money. */
function closedState(status: Stripe.Dispute.Status): 'won' | 'lost' | 'open' {
  if (status === 'lost') return 'lost';
  if (status === 'won' || status === 'warning_closed' || status === 'prevented') return 'won';
  return 'open';
}

function dispute(event: Stripe.Event, object: Stripe.Dispute): RailEvent {
  return {
    type: 'dispute',
    disputeId: object.id,
    chargeId: idOf(object.charge) ?? '',
    paymentIntentId: idOf(object.payment_intent),
    state: event.type === 'charge.dispute.closed' ? closedState(object.status) : 'open',
    fundsWithdrawn: event.type === 'charge.dispute.funds_withdrawn',
  };
}

/** What a completed Checkout Session says: whose payment, how much arrived, whether paid. */
export function completedSession(
  session: Stripe.Checkout.Session,
): RailEvent & { readonly type: 'checkout_completed' } {
  return {
    type: 'checkout_completed',
    paymentId: session.metadata?.['dc_payment_id'] ?? session.client_reference_id ?? null,
    sessionId: session.id,
    paymentIntentId: idOf(session.payment_intent),
    received: moneyOf(session.amount_total, session.currency),
    paid: session.payment_status === 'paid',
  };
}

/**
 * What a verified Stripe event means to us (billing.md §2). Amounts are converted from
 * Stripe's unit with `@dc/pricing` (zero-decimal currencies included); our payment id travels
 * in the session's and the PaymentIntent's `metadata.dc_payment_id`.
 */
export function parseStripeEvent(event: Stripe.Event): RailEvent {
  switch (event.type) {
    case 'checkout.session.completed':
    // A delayed payment method confirms later with the same session, now paid.
    case 'checkout.session.async_payment_succeeded':
      return completedSession(event.data.object);
    // A delayed payment method that failed ends the payment like an expired session.
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      return {
        type: 'checkout_expired',
        paymentId: session.metadata?.['dc_payment_id'] ?? session.client_reference_id ?? null,
        sessionId: session.id,
      };
    }
    case 'payment_intent.payment_failed': {
      const intent = event.data.object;
      return {
        type: 'payment_failed',
        paymentId: intent.metadata['dc_payment_id'] ?? null,
        paymentIntentId: intent.id,
        message: intent.last_payment_error?.message ?? 'The payment was declined.',
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      return {
        type: 'charge_refunded',
        chargeId: charge.id,
        paymentIntentId: idOf(charge.payment_intent),
      };
    }
    case 'charge.dispute.created':
    case 'charge.dispute.closed':
    case 'charge.dispute.funds_withdrawn':
      return dispute(event, event.data.object);
    default:
      return { type: 'ignored', eventType: event.type };
  }
}
