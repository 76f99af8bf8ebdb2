/** Payment statuses (spec: contracts.md §3), the parallel machine beside the contract status. */
export const PAYMENT_STATUSES = [
  'pending',
  'succeeded',
  'failed',
  'partially_refunded',
  'refunded',
  'disputed',
  'charged_back',
] as const;

/** A payment status. `partially_refunded` and `refunded` follow from the amounts, never set by hand. */
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * What the contract knows of its payment: integer minor units of the contract's currency.
 * Invariant: `0 <= refunded <= paid`.
 */
export interface PaymentSnapshot {
  readonly status: PaymentStatus;
  /** Everything paid so far: the initial rental plus every paid extension. */
  readonly paid: bigint;
  /** Cumulative amount refunded through recorded refunds. */
  readonly refunded: bigint;
}

/** True when money was received and none of it is being clawed back. */
export function isSettled(payment: PaymentSnapshot): boolean {
  return payment.status === 'succeeded' || payment.status === 'partially_refunded';
}
