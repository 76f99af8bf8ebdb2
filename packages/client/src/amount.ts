import { formatMoney, money } from '@dc/pricing';

/**
 * An API amount for people: `formatAmount(1530, 'EUR')` is `"15.30 EUR"`,
 * `formatAmount(1000, 'JPY')` is `"1000 JPY"`. Every amount the API returns is in integer minor
 * units of its currency; this places the decimal point by the currency's ISO 4217 exponent,
 * exactly (no floating point, no rounding), and never re-derives the amount.
 *
 * @throws `PricingError` (`UNKNOWN_CURRENCY`) for a currency code the platform does not price in.
 */
export function formatAmount(minor: number, currency: string): string {
  return `${formatMoney(money(BigInt(minor), currency))} ${currency}`;
}
