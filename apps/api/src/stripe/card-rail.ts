import { toStripeAmount, toStripeCurrency } from '@dc/pricing';
import Stripe from 'stripe';
import {
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentRail,
  RailError,
  type RailEvent,
  type RefundOutcome,
  type RefundRequest,
  type VerifiedEvent,
  WebhookRejected,
} from '../payments/rail';
import { createStripeClient, type StripeClientSettings } from './client';
import { railErrorFrom } from './errors';
import { completedSession, parseStripeEvent } from './parse-event';

/** Stripe's documented webhook tolerance: an older signed timestamp is a replay. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** Settings of the card rail. */
export interface CardRailSettings extends StripeClientSettings {
  readonly webhookSecret: string;
}

/** A Checkout Session as the webhook handlers need it. */
export interface SessionFacts {
  readonly id: string;
  readonly complete: boolean;
  readonly paid: boolean;
  readonly paymentIntentId: string | null;
  readonly event: RailEvent & { readonly type: 'checkout_completed' };
}

/** A refund Stripe holds for a charge, ours (with our key) or made in the dashboard. */
export interface StripeRefundFacts {
  readonly id: string;
  readonly amount: bigint;
  readonly currency: string;
  readonly status: string;
  /** Our refunds row, for refunds we made. */
  readonly refundId: string | null;
}

/**
 * The card rail on Stripe (billing.md §1-3): Checkout Sessions for charges, refunds with our
 * deterministic key as `Idempotency-Key`, webhooks verified with stripe-node and a 300 s
 * tolerance, and the lookups an out-of-order webhook needs.
 */
export class StripeCardRail implements PaymentRail {
  readonly name = 'card' as const;
  readonly stripe: Stripe;

  constructor(private readonly settings: CardRailSettings) {
    this.stripe = createStripeClient(settings);
  }

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    if (request.returnUrls === undefined) {
      throw new RailError('charge: a Checkout Session needs return URLs', false);
    }
    const metadata = {
      dc_payment_id: request.paymentId,
      dc_purpose: request.purpose,
      ...(request.contractId === null ? {} : { dc_contract_id: request.contractId }),
    };
    try {
      const session = await this.stripe.checkout.sessions.create(
        {
          mode: 'payment',
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: toStripeCurrency(request.amount.currency),
                unit_amount: Number(toStripeAmount(request.amount)),
                product_data: { name: request.description },
              },
            },
          ],
          client_reference_id: request.paymentId,
          metadata,
          payment_intent_data: { metadata },
          success_url: request.returnUrls.success,
          cancel_url: request.returnUrls.cancel,
          ...(request.expiresAt === undefined
            ? {}
            : { expires_at: Math.floor(request.expiresAt.getTime() / 1000) }),
        },
        { idempotencyKey: request.idempotencyKey },
      );
      if (session.url === null)
        throw new RailError('Stripe returned a session without a URL', true);
      return {
        kind: 'redirect',
        reference: session.id,
        url: session.url,
        expiresAt: new Date(session.expires_at * 1000),
      };
    } catch (error) {
      throw error instanceof RailError ? error : railErrorFrom(error, 'checkout.sessions.create');
    }
  }

  async refund(request: RefundRequest): Promise<RefundOutcome> {
    try {
      if (request.retry) {
        // Stripe keeps idempotency keys for 24 h; a retry after that must find the first refund.
        const earlier = await this.findRefund(request.paymentReference, request.refundId);
        if (earlier !== null) return { reference: earlier };
      }
      const refund = await this.stripe.refunds.create(
        {
          payment_intent: request.paymentReference,
          amount: Number(toStripeAmount(request.amount)),
          metadata: { dc_refund_id: request.refundId, dc_refund_key: request.idempotencyKey },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return { reference: refund.id };
    } catch (error) {
      throw railErrorFrom(error, 'refunds.create');
    }
  }

  verifyWebhook(rawBody: Uint8Array, signature: string | undefined, now: Date): VerifiedEvent {
    if (signature === undefined || signature === '') {
      throw new WebhookRejected('The Stripe-Signature header is missing.');
    }
    try {
      const event = this.stripe.webhooks.constructEvent(
        Buffer.from(rawBody),
        signature,
        this.settings.webhookSecret,
        WEBHOOK_TOLERANCE_SECONDS,
        undefined,
        now.getTime(),
      );
      return { id: event.id, type: event.type, payload: event };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new WebhookRejected(`Stripe-Signature refused: ${message}`);
    }
  }

  parseEvent(event: VerifiedEvent): RailEvent {
    return parseStripeEvent(event.payload as Stripe.Event);
  }

  /** The session of a payment, with what a `checkout.session.completed` would have said. */
  async session(sessionId: string): Promise<SessionFacts> {
    try {
      const session = await this.stripe.checkout.sessions.retrieve(sessionId);
      const event = completedSession(session);
      return {
        id: session.id,
        complete: session.status === 'complete',
        paid: event.paid,
        paymentIntentId: event.paymentIntentId,
        event,
      };
    } catch (error) {
      throw railErrorFrom(error, 'checkout.sessions.retrieve');
    }
  }

  /** Our payment id from a PaymentIntent's metadata (null for payments that are not ours). */
  async paymentIdOfIntent(paymentIntentId: string): Promise<string | null> {
    try {
      const intent = await this.stripe.paymentIntents.retrieve(paymentIntentId);
      return intent.metadata['dc_payment_id'] ?? null;
    } catch (error) {
      if (error instanceof Stripe.errors.StripeInvalidRequestError && error.statusCode === 404) {
        return null;
      }
      throw railErrorFrom(error, 'paymentIntents.retrieve');
    }
  }

  /** Every refund of a charge, as Stripe has them now. */
  async refundsOfCharge(chargeId: string): Promise<StripeRefundFacts[]> {
    try {
      const refunds: StripeRefundFacts[] = [];
      for await (const refund of this.stripe.refunds.list({ charge: chargeId, limit: 100 })) {
        refunds.push({
          id: refund.id,
          amount: BigInt(refund.amount),
          currency: refund.currency,
          status: refund.status ?? 'pending',
          refundId: refund.metadata?.['dc_refund_id'] ?? null,
        });
      }
      return refunds;
    } catch (error) {
      throw railErrorFrom(error, 'refunds.list');
    }
  }

  /** The Stripe refund we made for `refundId` on this PaymentIntent, if any. */
  private async findRefund(paymentIntentId: string, refundId: string): Promise<string | null> {
    for await (const refund of this.stripe.refunds.list({
      payment_intent: paymentIntentId,
      limit: 100,
    })) {
      if (refund.metadata?.['dc_refund_id'] === refundId) return refund.id;
    }
    return null;
  }
}
