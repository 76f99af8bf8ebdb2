import { z } from 'zod';
import { Id, MinorUnits, PageQuery, pageOf, Timestamp } from './common';
import { ExtendBody } from './contract';
import { CurrencyCode, IdempotencyKey } from './wallet';

/**
 * A card payment's status: `pending` (checkout open), `succeeded` (received and applied),
 * `failed` (the contract's payment ended unpaid), `expired` (checkout expired unpaid), `held`
 * (received but not the amount owed: not applied, an admin looks at it), `late` (received after
 * the contract stopped waiting for it: refunded, never applied).
 */
export const CARD_PAYMENT_STATUSES = [
  'pending',
  'succeeded',
  'failed',
  'expired',
  'held',
  'late',
] as const;

/** Where the payer's browser goes after the hosted checkout page. */
export const ReturnUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000);

/** What a card payment pays for: a wallet top-up, a contract's rental, or an extension. */
export const PAYMENT_PURPOSES = ['wallet_topup', 'contract', 'extension'] as const;

/**
 * A card payment: a wallet top-up, a contract's rental or an extension of it, paid on a hosted
 * checkout page.
 */
export const Payment = z.object({
  id: Id,
  purpose: z.enum(PAYMENT_PURPOSES),
  rail: z.enum(['card']),
  contract_id: Id.nullable(),
  currency: CurrencyCode,
  /** Owed, minor units of `currency`. */
  amount: MinorUnits,
  /** What the card network reported paid, once it did. */
  received: MinorUnits.nullable(),
  /** Refunds recorded against this payment. */
  refunded: MinorUnits,
  status: z.enum(CARD_PAYMENT_STATUSES),
  /** Why the last card attempt failed (another card may still be tried until the checkout expires). */
  failure: z.string().nullable(),
  checkout_url: z.string().nullable(),
  checkout_expires_at: Timestamp.nullable(),
  created_at: Timestamp,
  succeeded_at: Timestamp.nullable(),
  /** The hours an extension payment buys (added to the contract once it is paid). */
  extension_hours: z.number().int().nullable(),
});
export type Payment = z.infer<typeof Payment>;

/** Optional return pages of a hosted checkout (defaults: the platform's public URL). */
export const CheckoutReturn = z.strictObject({
  success_url: ReturnUrl.optional(),
  cancel_url: ReturnUrl.optional(),
});

/**
 * `POST /v1/wallet/top-ups`: add money to the wallet by card. At least 0.50 in the currency
 * (1 unit of a zero-decimal currency); the amount must be one Stripe can charge.
 */
export const TopUpBody = CheckoutReturn.extend({
  currency: CurrencyCode,
  /** Minor units of `currency`. */
  amount: MinorUnits.min(1, { message: 'must be at least 1 minor unit' }),
  /** The same key returns the same payment and checkout instead of a second one. */
  idempotency_key: IdempotencyKey,
});

/**
 * `POST /v1/contracts/{id}/extension-checkout`: buy `hours` more of a card-paid contract, paid
 * on a hosted checkout page; the same idempotency key returns the same payment and page.
 */
export const ExtensionCheckoutBody = ExtendBody.extend(CheckoutReturn.shape);

/** A payment and the hosted page where the payer completes it. */
export const CardCheckout = z.object({
  payment: Payment,
  checkout_url: z.string(),
  expires_at: Timestamp.nullable(),
});

/**
 * A refund's status: `pending` (recorded, the rail call is due or being retried),
 * `awaiting_approval` (large, or more than its payment can still refund: an admin decides),
 * `succeeded`, `failed` (the rail refused it; an admin may approve a retry), `rejected`.
 */
export const REFUND_STATUSES = [
  'pending',
  'awaiting_approval',
  'succeeded',
  'failed',
  'rejected',
] as const;

/** A refund as admins see it. */
export const Refund = z.object({
  id: Id,
  contract_id: Id,
  payment_id: Id.nullable(),
  rail: z.enum(['wallet', 'sandbox', 'card']),
  /** contract (counted in the contract's `refunded`), unapplied_payment, or dashboard. */
  source: z.enum(['contract', 'unapplied_payment', 'dashboard']),
  currency: CurrencyCode,
  amount: MinorUnits,
  status: z.enum(REFUND_STATUSES),
  reason: z.string(),
  idempotency_key: z.string(),
  /** Why it waits for an admin: `threshold` or `exceeds_payment`. */
  approval_reason: z.string().nullable(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  /** The rail's refund id once it is made. */
  provider_refund_id: z.string().nullable(),
  decided_by: z.string().nullable(),
  decision_note: z.string().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  succeeded_at: Timestamp.nullable(),
});
export type Refund = z.infer<typeof Refund>;

/** `GET /v1/admin/refunds`: newest first, optionally one status. */
export const RefundListQuery = PageQuery.extend({ status: z.enum(REFUND_STATUSES).optional() });
export const RefundPage = pageOf(Refund);

/** `POST /v1/admin/refunds/{id}/approve`: an optional note for the record. */
export const RefundApprovalBody = z.strictObject({
  note: z.string().trim().min(1).max(500).optional(),
});

/** `POST /v1/admin/refunds/{id}/reject`: why, for the record. */
export const RefundRejectionBody = z.strictObject({
  reason: z.string().trim().min(1).max(500),
});

/**
 * What an admin alert is about: a payment `held` for a wrong amount, a `late_payment` refunded
 * in full, a `dispute`, a refund the rail refused (`refund_failed`), a refund made in the
 * Stripe dashboard (`dashboard_refund`).
 */
export const PAYMENT_ALERT_KINDS = [
  'amount_mismatch',
  'late_payment',
  'dispute',
  'refund_failed',
  'dashboard_refund',
] as const;

/** Something about a payment an admin must look at. */
export const PaymentAlert = z.object({
  id: Id,
  kind: z.enum(PAYMENT_ALERT_KINDS),
  payment_id: Id.nullable(),
  refund_id: Id.nullable(),
  detail: z.string(),
  created_at: Timestamp,
  /** The payment's status now: `held` until an admin releases it. */
  payment_status: z.enum(CARD_PAYMENT_STATUSES).nullable(),
  /** When an admin released the held payment, null while it is not. */
  released_at: Timestamp.nullable(),
  /** Who released it and why (the release's note), null while it is not released. */
  released_by: z.string().nullable(),
  release_note: z.string().nullable(),
});
export type PaymentAlert = z.infer<typeof PaymentAlert>;

/**
 * `GET /v1/admin/payment-alerts`: newest first, optionally of one kind or payment;
 * `unreleased_only=true` keeps the alerts whose payment is still held.
 */
export const PaymentAlertQuery = PageQuery.extend({
  kind: z.enum(PAYMENT_ALERT_KINDS).optional(),
  payment_id: Id.optional(),
  unreleased_only: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true'),
});
export const PaymentAlertPage = pageOf(PaymentAlert);

/**
 * How an admin releases a held payment: `apply` it to what it paid for (the amount received
 * must cover what is owed; any excess goes back to the card), or `refund` all of it.
 */
export const RELEASE_ACTIONS = ['apply', 'refund'] as const;

/** `POST /v1/admin/payments/{id}/release`: the action, and why (kept for the record). */
export const ReleaseHeldPaymentBody = z.strictObject({
  action: z.enum(RELEASE_ACTIONS),
  note: z.string().trim().min(1).max(500),
});

/** A held payment's release, as recorded once (asking again answers the same). */
export const PaymentRelease = z.object({
  payment: Payment,
  action: z.enum(RELEASE_ACTIONS),
  released_by: z.string(),
  released_at: Timestamp,
  note: z.string(),
  /** The refunds the release recorded: all of it, or what was paid above the amount owed. */
  refund_ids: z.array(Id),
});
export type PaymentRelease = z.infer<typeof PaymentRelease>;
