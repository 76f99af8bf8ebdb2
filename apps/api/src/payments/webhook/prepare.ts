import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { StripeCardRail, StripeRefundFacts } from '../../stripe/card-rail';
import type { CompletionFacts } from '../apply/complete';
import type { RailEvent } from '../rail';
import { findPaymentId, paymentById } from '../store';

/** An event with everything its effect needs that lives at the rail, looked up beforehand. */
export interface PreparedEvent {
  readonly event: RailEvent;
  /** Our payment, or null for an event about someone else's payment. */
  readonly paymentId: string | null;
  /**
   * When the event implies the payment was made (a refund, a dispute) but we have not seen
   * its checkout complete yet: what the session says, to apply it first.
   */
  readonly completion: CompletionFacts | null;
  /** `charge_refunded`: the charge's refunds as the rail has them now. */
  readonly refunds: readonly StripeRefundFacts[];
}

/** Our payment behind a charge: by our columns, else by the PaymentIntent's metadata. */
async function paymentOfCharge(
  db: Kysely<Database>,
  rail: StripeCardRail,
  chargeId: string,
  paymentIntentId: string | null,
): Promise<string | null> {
  const known = await findPaymentId(db, { chargeId, paymentIntentId });
  if (known !== null || paymentIntentId === null) return known;
  return findPaymentId(db, { paymentId: await rail.paymentIdOfIntent(paymentIntentId) });
}

/** The session's completion, when the payment is not applied yet and the session is paid. */
async function missedCompletion(
  db: Kysely<Database>,
  rail: StripeCardRail,
  paymentId: string,
): Promise<CompletionFacts | null> {
  const payment = await paymentById(db, paymentId);
  if (payment === undefined || payment.status !== 'pending') return null;
  if (payment.checkout_session_id === null) return null;
  const session = await rail.session(payment.checkout_session_id);
  return session.complete && session.paid ? session.event : null;
}

/**
 * Looks up, outside any transaction, what an event's effect needs: which payment of ours it is
 * about and, for events that arrive before the checkout they depend on (a refund or dispute
 * before `checkout.session.completed`), the session itself, so every order of delivery ends
 * in the same state.
 */
export async function prepareEvent(
  db: Kysely<Database>,
  rail: StripeCardRail,
  event: RailEvent,
): Promise<PreparedEvent> {
  const none = { completion: null, refunds: [] } as const;
  switch (event.type) {
    case 'checkout_completed':
    case 'checkout_expired':
      return { event, ...none, paymentId: await findPaymentId(db, event) };
    case 'payment_failed':
      return { event, ...none, paymentId: await findPaymentId(db, event) };
    case 'charge_refunded':
    case 'dispute': {
      const paymentId = await paymentOfCharge(db, rail, event.chargeId, event.paymentIntentId);
      if (paymentId === null) return { event, ...none, paymentId };
      return {
        event,
        paymentId,
        completion: await missedCompletion(db, rail, paymentId),
        refunds: event.type === 'charge_refunded' ? await rail.refundsOfCharge(event.chargeId) : [],
      };
    }
    case 'ignored':
      return { event, ...none, paymentId: null };
  }
}
