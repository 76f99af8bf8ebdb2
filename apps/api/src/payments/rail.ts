import type { Money } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** The ways money moves (billing.md §1); a crypto rail would add a name here. */
export type RailName = 'wallet' | 'sandbox' | 'card';

/** What to collect from a payer. */
export interface ChargeRequest {
  /** Our payment reference: the `payments` row (card) or the wallet ledger key (wallet). */
  readonly paymentId: string;
  readonly accountId: string;
  readonly contractId: string | null;
  readonly purpose: 'wallet_topup' | 'contract' | 'extension';
  readonly amount: Money;
  /** One line the payer sees, e.g. "720 h of Small VPS". */
  readonly description: string;
  /** Derived from what is paid for, never from a time: a retry finds the first charge. */
  readonly idempotencyKey: string;
  /** Hosted rails: where the payer returns to. */
  readonly returnUrls?: { readonly success: string; readonly cancel: string };
  /** Hosted rails: when the offer to pay ends. */
  readonly expiresAt?: Date;
  readonly now: Date;
  /** In-database rails (wallet) move the money inside the caller's transaction. */
  readonly trx?: Transaction<Database>;
}

/** How a charge went: settled at once, or the payer completes it elsewhere. */
export type ChargeOutcome =
  | { readonly kind: 'settled'; readonly reference: string }
  | {
      readonly kind: 'redirect';
      /** The rail's id of the pending charge (a Checkout Session id). */
      readonly reference: string;
      readonly url: string;
      readonly expiresAt: Date | null;
    };

/** Money to give back, on the rail that brought it. */
export interface RefundRequest {
  /** The `refunds` row. */
  readonly refundId: string;
  /** `refund:<contract>:<reason>:...`: the rail's idempotency key, so a retry refunds once. */
  readonly idempotencyKey: string;
  readonly amount: Money;
  readonly accountId: string;
  readonly contractId: string | null;
  /** The rail's reference of the payment refunded (a PaymentIntent id); never another one's. */
  readonly paymentReference: string;
  readonly memo: string;
  /** True when an earlier attempt may have reached the rail (look before refunding again). */
  readonly retry: boolean;
  readonly now: Date;
  readonly trx?: Transaction<Database>;
}

/** A refund the rail made (or had already made under the same key). */
export interface RefundOutcome {
  readonly reference: string;
}

/** A webhook whose signature and timestamp checked out. */
export interface VerifiedEvent {
  readonly id: string;
  readonly type: string;
  /** The rail's own event object, for {@link PaymentRail.parseEvent}. */
  readonly payload: unknown;
}

/** What a webhook event means to us, whatever the rail. Amounts are ISO minor units. */
export type RailEvent =
  | {
      readonly type: 'checkout_completed';
      readonly paymentId: string | null;
      readonly sessionId: string;
      readonly paymentIntentId: string | null;
      /** Null when the rail reported an amount that is not valid in its currency. */
      readonly received: Money | null;
      /** False for a session that completed without the money (delayed methods). */
      readonly paid: boolean;
    }
  | {
      readonly type: 'checkout_expired';
      readonly paymentId: string | null;
      readonly sessionId: string;
    }
  | {
      readonly type: 'payment_failed';
      readonly paymentId: string | null;
      readonly paymentIntentId: string;
      readonly message: string;
    }
  | {
      readonly type: 'charge_refunded';
      readonly chargeId: string;
      readonly paymentIntentId: string | null;
    }
  | {
      readonly type: 'dispute';
      readonly disputeId: string;
      readonly chargeId: string;
      readonly paymentIntentId: string | null;
      /** open, or how it closed: won (money kept) or lost (charged back). */
      readonly state: 'open' | 'won' | 'lost';
      readonly fundsWithdrawn: boolean;
    }
  | { readonly type: 'ignored'; readonly eventType: string };

/** A webhook refused: bad or missing signature, or a timestamp outside the tolerance. */
export class WebhookRejected extends Error {
  override name = 'WebhookRejected';
}

/** A rail call that failed; `retryable` says whether the same call may succeed later. */
export class RailError extends Error {
  override name = 'RailError';
  constructor(
    message: string,
    readonly retryable: boolean,
    options: { readonly cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? {} : { cause: options.cause });
  }
}

/**
 * One way money moves. Contracts and wallets only see this interface, so another rail (an
 * ICRC-1 ledger) can be added without touching them.
 */
export interface PaymentRail {
  readonly name: RailName;
  /** Collects `request.amount`: settled now (wallet) or through a hosted page (card). */
  charge(request: ChargeRequest): Promise<ChargeOutcome>;
  /** Gives `request.amount` back; the same idempotency key never refunds twice. */
  refund(request: RefundRequest): Promise<RefundOutcome>;
  /**
   * Checks a webhook's signature and timestamp (with the rail's tolerance, measured against
   * `now`); throws {@link WebhookRejected}.
   */
  verifyWebhook(rawBody: Uint8Array, signature: string | undefined, now: Date): VerifiedEvent;
  /** What a verified event means, or `ignored`. */
  parseEvent(event: VerifiedEvent): RailEvent;
}
