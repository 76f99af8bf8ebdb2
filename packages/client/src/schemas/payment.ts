import { z } from 'zod';
import { Id, MinorUnits, PageQuery, pageOf, Timestamp } from './common';
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

/** A card payment: a wallet top-up or a contract's rental, paid on a hosted checkout page. */
export const Payment = z.object({
  id: Id,
  purpose: z.enum(['wallet_topup', 'contract']),
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
