import { bigMax, bigMin } from './_bigint';
import { divFloor } from './_rounding';
import { instantMillis, MILLIS_PER_HOUR } from './_time';
import { formatMoney } from './decimal';
import { PricingError } from './errors';
import { assertMoney, type Money, money } from './money';
import { assertSegments, paidTotal, type Segment } from './segment';
import { clockMillis, type TermClock, usedMillisAt } from './term';

/**
 * Value of the paid time not yet consumed at `now`. Segments are consumed in order (the
 * initial rental first, then each extension); for each segment the refund is its unused
 * fraction times its amount, rounded DOWN per segment in integer arithmetic on milliseconds:
 * `floor(amount * unusedMillis / (hours * 3_600_000))`.
 *
 * Before delivery (`clock.start === null`) it is everything paid. Never more than paid, never
 * negative, non-increasing in `now`.
 */
export function unconsumedValue(segments: readonly Segment[], clock: TermClock, now: Date): Money {
  const currency = assertSegments(segments);
  const millis = clockMillis(clock);
  const at = instantMillis('now', now);
  if (millis === null) return paidTotal(segments);
  let used = usedMillisAt(millis, at);
  let total = 0n;
  for (const segment of segments) {
    const length = segment.hours * MILLIS_PER_HOUR;
    const consumed = bigMin(used, length);
    used -= consumed;
    total += divFloor(segment.amount.amount * (length - consumed), length);
  }
  return money(total, currency);
}

/** Parameters of {@link proratedRefund} and {@link settlement}. */
export interface ProratedRefundParameters {
  /** The contract's paid segments, in purchase order. */
  readonly segments: readonly Segment[];
  /** The contract's term clock. */
  readonly clock: TermClock;
  /** The instant to evaluate at (the caller's clock; nothing here reads the time). */
  readonly now: Date;
  /** Total already refunded on this contract's payment, >= 0 and <= paid. */
  readonly refunded: Money;
}

/** Checks `refunded` is in the contract's currency and within `[0, paid]`. */
export function assertRefunded(refunded: unknown, paid: Money): Money {
  const value = assertMoney('refunded', refunded);
  if (value.currency !== paid.currency) {
    throw new PricingError(
      'CURRENCY_MISMATCH',
      `"refunded" is in ${value.currency} but the contract was paid in ${paid.currency}`,
    );
  }
  if (value.amount < 0n) {
    throw new PricingError(
      'NEGATIVE_NOT_ALLOWED',
      `"refunded" must be >= 0, got ${value.currency} ${formatMoney(value)}`,
    );
  }
  if (value.amount > paid.amount) {
    throw new PricingError(
      'REFUNDED_EXCEEDS_PAID',
      `"refunded" ${value.currency} ${formatMoney(value)} exceeds the ${formatMoney(paid)} paid ` +
        'for these segments; the cap must come from the payment being refunded',
    );
  }
  return value;
}

/**
 * What a cancellation at `now` refunds: `max(0, min(unconsumedValue, paid) - refunded)`.
 * Never more than `paid - refunded`, never negative, non-increasing in `now`; rounding is that
 * of {@link unconsumedValue} (DOWN per segment), so any fraction stays with the provider.
 *
 * @throws PricingError `REFUNDED_EXCEEDS_PAID`, `CURRENCY_MISMATCH`, `INVALID_SEGMENTS`, `INVALID_CLOCK`.
 */
export function proratedRefund(params: ProratedRefundParameters): Money {
  const paid = paidTotal(params.segments);
  const refunded = assertRefunded(params.refunded, paid);
  const unconsumed = unconsumedValue(params.segments, params.clock, params.now);
  const cap = bigMin(unconsumed.amount, paid.amount);
  return money(bigMax(0n, cap - refunded.amount), paid.currency);
}

/** Parameters of {@link fullRefund}. */
export interface FullRefundParameters {
  /** The contract's paid segments. */
  readonly segments: readonly Segment[];
  /** Total already refunded, >= 0 and <= paid. */
  readonly refunded: Money;
}

/**
 * Refund of everything not yet refunded: `paid - refunded` (reject, provisioning failure,
 * request timeout, cancel before delivery). No rounding.
 */
export function fullRefund(params: FullRefundParameters): Money {
  const paid = paidTotal(params.segments);
  const refunded = assertRefunded(params.refunded, paid);
  return money(paid.amount - refunded.amount, paid.currency);
}
