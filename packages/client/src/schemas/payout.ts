import { z } from 'zod';
import { Username } from './account';
import { Id, MinorUnits, PageQuery, pageOf, Timestamp } from './common';
import { CurrencyCode, IdempotencyKey } from './wallet';

/** Rails a payout batch can go by: `manual` (an admin pays outside, then confirms) or Stripe Connect. */
export const PAYOUT_RAILS = ['manual', 'stripe_connect'] as const;

/** A payout batch's status: `draft -> approved -> sent -> confirmed | failed`. */
export const PAYOUT_STATUSES = ['draft', 'approved', 'sent', 'confirmed', 'failed'] as const;

/** A signed amount in minor units (negative when earnings shrank after a refund). */
export const SignedAmount = z
  .number()
  .int()
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER);

/** A provider's position in one currency, minor units (contracts.md §4). */
export const EarningsBalance = z.object({
  currency: CurrencyCode,
  /** Accrued earnings, net of the platform fee. */
  earned: MinorUnits,
  /** The platform's share of the consumed value. */
  platform_fee: MinorUnits,
  /** In confirmed payouts. */
  paid_out: MinorUnits,
  /** In payouts on their way (draft, approved, sent). */
  in_flight: MinorUnits,
  /** Earnings of disputed contracts, paid once the dispute is resolved. */
  held: MinorUnits,
  /** `earned - paid_out - in_flight - held`, never below zero: what the next payout pays. */
  payable: MinorUnits,
  /** What the provider owes back when earnings fell below what was paid out (a late refund). */
  owed: MinorUnits,
  last_accrued_at: Timestamp.nullable(),
});
export type EarningsBalance = z.infer<typeof EarningsBalance>;

/** `GET /v1/provider/earnings`: the caller's balance per currency. */
export const EarningsSummary = z.object({ balances: z.array(EarningsBalance) });

/**
 * One accrual of a contract's earnings: the change it books and the contract's settlement at
 * that moment, where `earned_to_date + platform_fee_to_date + lost_to_date + refundable +
 * refunded == paid`.
 */
export const EarningEntry = z.object({
  id: Id,
  contract_id: Id,
  /** 1, 2, ... per contract. */
  seq: z.number().int(),
  currency: CurrencyCode,
  /** Change of consumed value, platform fee and earnings booked by this entry. */
  consumed: SignedAmount,
  platform_fee: SignedAmount,
  amount: SignedAmount,
  paid: MinorUnits,
  refunded: MinorUnits,
  refundable: MinorUnits,
  consumed_to_date: MinorUnits,
  platform_fee_to_date: MinorUnits,
  earned_to_date: MinorUnits,
  /** Consumed value a lost dispute took back (charged back): nobody earns it. */
  lost_to_date: MinorUnits,
  /** The contract had ended: this is its final settlement (unless a later refund changes it). */
  final: z.boolean(),
  accrued_at: Timestamp,
  /** The payout batch paying this entry (not a failed one), if any. */
  payout_batch_id: Id.nullable(),
});
export type EarningEntry = z.infer<typeof EarningEntry>;

/** `GET /v1/provider/earnings/entries`: newest first, optionally of one currency or contract. */
export const EarningEntryQuery = PageQuery.extend({
  currency: CurrencyCode.optional(),
  contract_id: Id.optional(),
});
export const EarningEntryPage = pageOf(EarningEntry);

/** An earning a payout batch pays. */
export const PayoutItem = z.object({
  earning_id: Id,
  contract_id: Id,
  amount: SignedAmount,
  /** The batch failed: this earning is payable again. */
  released: z.boolean(),
});

/** A payout to one provider in one currency. */
export const PayoutBatch = z.object({
  id: Id,
  provider: Username,
  currency: CurrencyCode,
  amount: MinorUnits,
  rail: z.enum(PAYOUT_RAILS),
  status: z.enum(PAYOUT_STATUSES),
  /** Stripe Connect: the connected account paid. */
  destination: z.string().nullable(),
  /** The payment's reference: the admin's (manual) or the Stripe transfer id. */
  external_reference: z.string().nullable(),
  failure_reason: z.string().nullable(),
  /** The last error of a send that may still succeed when sent again. */
  last_error: z.string().nullable(),
  send_attempts: z.number().int(),
  item_count: z.number().int(),
  created_at: Timestamp,
  approved_at: Timestamp.nullable(),
  sent_at: Timestamp.nullable(),
  confirmed_at: Timestamp.nullable(),
  failed_at: Timestamp.nullable(),
});
export type PayoutBatch = z.infer<typeof PayoutBatch>;

/** A payout batch with the earnings it pays. */
export const PayoutBatchDetail = PayoutBatch.extend({ items: z.array(PayoutItem) });
export type PayoutBatchDetail = z.infer<typeof PayoutBatchDetail>;

export const PayoutBatchPage = pageOf(PayoutBatch);

/** `GET /v1/provider/payouts`: the caller's payouts, newest first. */
export const MyPayoutQuery = PageQuery.extend({ status: z.enum(PAYOUT_STATUSES).optional() });

/** `GET /v1/admin/payouts`: every payout batch, newest first, filtered. */
export const PayoutBatchQuery = MyPayoutQuery.extend({
  provider: Username.optional(),
  currency: CurrencyCode.optional(),
});

/** A provider's balance as admins see it. */
export const PayableBalance = EarningsBalance.extend({
  provider: Username,
  /** Where a Stripe Connect payout would go; null when the provider has not set one. */
  payout_stripe_account: z.string().nullable(),
});
export type PayableBalance = z.infer<typeof PayableBalance>;

/** `GET /v1/admin/payout-balances`: by provider username and currency, optionally one currency. */
export const PayableBalanceQuery = PageQuery.extend({ currency: CurrencyCode.optional() });
export const PayableBalancePage = pageOf(PayableBalance);

/** `POST /v1/admin/payouts`: a draft batch paying everything payable to one provider. */
export const CreatePayoutBatchBody = z.strictObject({
  provider: Username,
  currency: CurrencyCode,
  rail: z.enum(PAYOUT_RAILS),
  /** The same key returns the same batch instead of making another. */
  idempotency_key: IdempotencyKey,
});

/** `POST /v1/admin/payouts/{id}/confirm`: the reference of the payment made outside. */
export const ConfirmPayoutBody = z.strictObject({
  external_reference: z.string().trim().min(1).max(200),
});

/** `POST /v1/admin/payouts/{id}/fail`: why, for the record. */
export const FailPayoutBody = z.strictObject({
  reason: z.string().trim().min(1).max(500),
});
