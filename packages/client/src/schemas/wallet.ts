import { isCurrency } from '@dc/pricing';
import { z } from 'zod';
import { Username } from './account';
import { Id, MinorUnits, PageQuery, pageOf, Timestamp } from './common';

/** An upper-case ISO 4217 code; a wallet holds one balance per currency. */
export const CurrencyCode = z.string().refine(isCurrency, {
  message: 'must be an upper-case ISO 4217 currency code such as USD or EUR',
});

/**
 * A client-chosen key that makes a money operation safe to retry: the same key returns the
 * first result instead of charging or crediting again.
 */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9_.:-]{8,128}$/, {
  message: 'must be 8-128 letters, digits, "_", ".", ":" or "-" (e.g. a UUID)',
});

/** A signed amount in minor units: positive credits, negative debits, never zero. */
export const SignedMinorUnits = z
  .number()
  .int({ message: 'must be an integer number of minor units (e.g. cents), not a decimal' })
  .min(-Number.MAX_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER)
  .refine((amount) => amount !== 0, { message: 'must not be zero' });

export const WALLET_ENTRY_KINDS = [
  'topup',
  'rental_debit',
  'extension_debit',
  'refund_credit',
  'adjustment',
  'notification_tier',
] as const;

/** One balance of the caller's wallet. */
export const WalletBalance = z.object({
  currency: CurrencyCode,
  /** Minor units of `currency`. */
  balance: MinorUnits,
  /** ISO 4217 exponent: 2 means `balance` is in cents. */
  currency_exponent: z.number().int(),
  updated_at: Timestamp,
});

/** `GET /v1/wallet`: every currency the caller ever held. */
export const Wallet = z.object({ balances: z.array(WalletBalance) });

/** One append-only ledger row; the balance after it never goes below zero. */
export const WalletLedgerEntry = z.object({
  id: z.string(),
  currency: CurrencyCode,
  amount: z.number().int(),
  balance_after: MinorUnits,
  kind: z.enum(WALLET_ENTRY_KINDS),
  contract_id: Id.nullable(),
  reference: z.string().nullable(),
  memo: z.string().nullable(),
  created_at: Timestamp,
});

/** `GET /v1/wallet/ledger`: newest first, optionally one currency. */
export const WalletLedgerQuery = PageQuery.extend({ currency: CurrencyCode.optional() });
export const WalletLedgerPage = pageOf(WalletLedgerEntry);

/** `POST /v1/admin/wallet-adjustments`: credit (positive) or debit (negative) an account. */
export const WalletAdjustmentBody = z.strictObject({
  username: Username,
  currency: CurrencyCode,
  amount: SignedMinorUnits,
  reason: z.string().trim().min(1).max(500),
  idempotency_key: IdempotencyKey,
});

/** The ledger row an adjustment wrote, with whose wallet it was. */
export const WalletAdjustment = z.object({ username: Username, entry: WalletLedgerEntry });

/** `POST /v1/wallet/sandbox-top-up`: test money, only on a platform in sandbox mode. */
export const SandboxTopUpBody = z.strictObject({
  currency: CurrencyCode,
  amount: MinorUnits.min(1, { message: 'must be at least 1 minor unit' }).max(100_000_000),
  idempotency_key: IdempotencyKey,
});
