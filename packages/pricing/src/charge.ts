import { assertBigint } from './_assert';
import { divHalfUp } from './_rounding';
import { formatMoney } from './decimal';
import { PricingError } from './errors';
import { assertMoney, type Money, money } from './money';

/** Hours in one billing month. Prices are per month; a month is always 720 h (30 days). */
export const HOURS_PER_MONTH = 720n;

/** Checks `hours` is a bigint >= 1 (the minimum rental is one hour). */
export function assertHours(name: string, hours: unknown): bigint {
  assertBigint(name, hours);
  if (hours < 1n) {
    throw new PricingError(
      'INVALID_HOURS',
      `"${name}" must be a whole number of hours >= 1 (the minimum rental), got ${hours}`,
    );
  }
  return hours;
}

/**
 * What `hours` hours cost at `pricePerMonth`: `pricePerMonth * hours / 720`, rounded HALF UP to
 * the minor unit, in integer arithmetic. 1000 cents/month for 1 h is 1.388... -> 1 cent; for
 * 18 h it is 25 cents exactly; for 9 h 12.5 -> 13 cents.
 *
 * @throws PricingError `INVALID_HOURS` if `hours < 1n`.
 * @throws PricingError `NEGATIVE_NOT_ALLOWED` if the price is negative.
 */
export function chargeForHours(pricePerMonth: Money, hours: bigint): Money {
  assertMoney('pricePerMonth', pricePerMonth);
  assertHours('hours', hours);
  if (pricePerMonth.amount < 0n) {
    throw new PricingError(
      'NEGATIVE_NOT_ALLOWED',
      `"pricePerMonth" must be >= 0, got ${pricePerMonth.currency} ${formatMoney(pricePerMonth)}`,
    );
  }
  return money(divHalfUp(pricePerMonth.amount * hours, HOURS_PER_MONTH), pricePerMonth.currency);
}
