/**
 * Stable machine-readable reasons a pricing call refused its input. Callers branch on `code`,
 * never on the message, so codes are part of the public API and never change meaning.
 */
export type PricingErrorCode =
  | 'CURRENCY_MISMATCH'
  | 'UNKNOWN_CURRENCY'
  | 'INVALID_AMOUNT'
  | 'TOO_MANY_DECIMALS'
  | 'NEGATIVE_NOT_ALLOWED'
  | 'INVALID_HOURS'
  | 'INVALID_BPS'
  | 'INVALID_SEGMENTS'
  | 'INVALID_CLOCK'
  | 'REFUNDED_EXCEEDS_PAID'
  | 'STRIPE_AMOUNT_NOT_REPRESENTABLE'
  | 'INVALID_COUNTRY'
  | 'SELLER_OUTSIDE_EU';

/**
 * The one error class of `@dc/pricing` for values of the right JS type that break a money rule.
 * A value of the wrong JS type (a `number` where a `bigint` belongs) is a `TypeError` instead:
 * that is a programming error, not bad input.
 *
 * Messages name the parameter, the value and what is allowed, e.g.
 * `parseMoney: "12.345" has 3 decimals but USD allows at most 2`.
 */
export class PricingError extends Error {
  /** Stable reason, safe to branch on and to return in an API error body. */
  readonly code: PricingErrorCode;

  constructor(code: PricingErrorCode, message: string) {
    super(message);
    this.name = 'PricingError';
    this.code = code;
  }
}
