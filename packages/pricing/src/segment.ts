import { assertArray } from './_assert';
import { assertHours, chargeForHours } from './charge';
import { formatMoney } from './decimal';
import { PricingError } from './errors';
import { assertMoney, type Money, money } from './money';

/**
 * One paid block of a contract's time: the initial rental, or one extension, at the price in
 * force when it was bought. A contract's segments, in purchase order, are its paid term; a
 * segment exists only once its payment has succeeded.
 */
export interface Segment {
  /** Paid hours, >= 1. */
  readonly hours: bigint;
  /** What was paid for them, >= 0, in the contract's currency. */
  readonly amount: Money;
}

/**
 * The segment for buying `hours` at `pricePerMonth` now: its amount is
 * {@link chargeForHours} (rounded HALF UP).
 */
export function segmentFor(pricePerMonth: Money, hours: bigint): Segment {
  const amount = chargeForHours(pricePerMonth, hours);
  return Object.freeze({ hours, amount });
}

/**
 * Validates a contract's segment list: non-empty, every segment with hours >= 1 and an amount
 * >= 0, all in one currency. Returns that currency.
 *
 * @throws PricingError `INVALID_SEGMENTS`, `INVALID_HOURS` or `CURRENCY_MISMATCH`.
 */
export function assertSegments(segments: unknown): string {
  assertArray('segments', segments);
  const first = segments[0];
  if (first === undefined) {
    throw new PricingError(
      'INVALID_SEGMENTS',
      '"segments" is empty; a contract has at least its initial rental segment',
    );
  }
  let currency = '';
  segments.forEach((segment, index) => {
    if (typeof segment !== 'object' || segment === null) {
      throw new TypeError(`"segments[${index}]" must be a Segment { hours, amount }`);
    }
    const { hours, amount } = segment as { hours?: unknown; amount?: unknown };
    assertHours(`segments[${index}].hours`, hours);
    const paid = assertMoney(`segments[${index}].amount`, amount);
    if (paid.amount < 0n) {
      throw new PricingError(
        'INVALID_SEGMENTS',
        `"segments[${index}].amount" must be >= 0, got ${paid.currency} ${formatMoney(paid)}`,
      );
    }
    if (index === 0) currency = paid.currency;
    else if (paid.currency !== currency) {
      throw new PricingError(
        'CURRENCY_MISMATCH',
        `"segments[${index}].amount" is in ${paid.currency} but segments[0] is in ${currency}; ` +
          'a contract is paid in one currency',
      );
    }
  });
  return currency;
}

/** Total paid for `segments`: the exact sum of their amounts. */
export function paidTotal(segments: readonly Segment[]): Money {
  const currency = assertSegments(segments);
  let total = 0n;
  for (const segment of segments) total += segment.amount.amount;
  return money(total, currency);
}

/** Total paid hours of `segments`. */
export function paidHours(segments: readonly Segment[]): bigint {
  assertSegments(segments);
  let total = 0n;
  for (const segment of segments) total += segment.hours;
  return total;
}
