import type { Money } from '@dc/pricing';

/** The payout rails this server implements (an ICRC-1 ledger rail is described in `icrc1.ts`). */
export type PayoutRailName = 'manual' | 'stripe_connect';

/** Money to send to one provider: one payout batch. */
export interface PayoutTransferRequest {
  readonly batchId: string;
  /** `payout:<batch id>`: the rail's idempotency key, so a retried send pays once. */
  readonly idempotencyKey: string;
  readonly amount: Money;
  /** The rail's address of the provider (a Stripe connected account `acct_...`), if any. */
  readonly destination: string | null;
  /** True when an earlier attempt may have reached the rail. */
  readonly retry: boolean;
}

/**
 * What a send did: `confirmed` when the rail moved the money and says so (its reference, e.g.
 * a Stripe transfer id), `pending` when the money moves outside the platform and an admin
 * confirms it later with the external reference (manual rail).
 */
export type PayoutTransferOutcome =
  | { readonly kind: 'confirmed'; readonly reference: string }
  | { readonly kind: 'pending' };

/**
 * One way to pay a provider. A rail that cannot move the money throws `RailError`
 * (payments/rail.ts): `retryable` when the same request may still succeed (network trouble, the
 * rail's 5xx), not when the rail refused it (the batch then fails and releases its earnings).
 */
export interface PayoutRail {
  readonly name: PayoutRailName;
  transfer(request: PayoutTransferRequest): Promise<PayoutTransferOutcome>;
}
