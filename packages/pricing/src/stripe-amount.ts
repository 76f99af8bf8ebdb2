import { assertBigint, assertString } from './_assert';
import { assertCurrency, type CurrencyExponent, currencyExponent } from './currencies';
import { formatMoney } from './decimal';
import { PricingError } from './errors';
import { assertMoney, type Money, money } from './money';

// Source: https://docs.stripe.com/currencies ("Zero-decimal currencies", "Special cases"), and
// for three-decimal currencies the same page as archived on 2022-12-31 (the current page no
// longer lists them but still advertises three-decimal support).

/** Stripe's published zero-decimal list: the API `amount` is in major units. */
const STRIPE_ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);

/**
 * ISK and UGX "transitioned to a zero-decimal currency, but backwards compatibility requires
 * you to represent it as a two-decimal value, where the decimal amount is always 00": 5 ISK is
 * `amount: 500`. UGX is also on the zero-decimal list above; this more specific rule wins.
 */
const STRIPE_TWO_DECIMAL_WHOLE_UNITS = new Set(['ISK', 'UGX']);

/**
 * Three-decimal currencies: Stripe requires "the least-significant (last) digit to be 0", so
 * 5.124 KWD (`5124`) is refused and must be 5.120 or 5.130.
 */
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/**
 * HUF and TWD: charges take two decimals, but manual payouts must be "evenly divisible by 100"
 * (whole forints / dollars): a HUF 10.45 balance pays out as `1000`, never `1045`.
 */
const STRIPE_WHOLE_UNIT_PAYOUTS = new Set(['HUF', 'TWD']);

/** What a Stripe amount is for: a charge (PaymentIntent, Refund) or a manual payout. */
export type StripePurpose = 'charge' | 'payout';

function assertPurpose(purpose: unknown): StripePurpose {
  if (purpose !== 'charge' && purpose !== 'payout') {
    throw new TypeError(`"purpose" must be "charge" or "payout", got ${JSON.stringify(purpose)}`);
  }
  return purpose;
}

/**
 * Decimal places of Stripe's `amount` for `currency`. Equal to the ISO exponent except:
 * ISK and UGX (ISO 0, Stripe 2: whole units times 100) and MGA (ISO 2, Stripe 0).
 */
export function stripeExponent(currency: string): CurrencyExponent {
  const code = assertCurrency('currency', currency);
  if (STRIPE_TWO_DECIMAL_WHOLE_UNITS.has(code)) return 2;
  if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
  return currencyExponent(code);
}

/** The multiple every Stripe `amount` of this currency and purpose must be, in Stripe units. */
function stripeUnitStep(code: string, purpose: StripePurpose): bigint {
  if (STRIPE_TWO_DECIMAL_WHOLE_UNITS.has(code)) return 100n;
  if (STRIPE_THREE_DECIMAL.has(code)) return 10n;
  if (purpose === 'payout' && STRIPE_WHOLE_UNIT_PAYOUTS.has(code)) return 100n;
  return 1n;
}

/**
 * The smallest step, in this package's minor units, between two amounts Stripe accepts for
 * `currency` and `purpose`: 1n for USD, 10n for KWD (last digit 0), 100n for MGA (Stripe has no
 * fraction), 100n for a HUF or TWD payout (whole units), 1n for ISK (already whole units).
 */
export function stripeGranularity(currency: string, purpose: StripePurpose = 'charge'): bigint {
  const code = assertCurrency('currency', currency);
  const shift = BigInt(stripeExponent(code) - currencyExponent(code));
  const step = stripeUnitStep(code, assertPurpose(purpose));
  const perMinor = shift >= 0n ? 10n ** shift : 1n;
  const perStripe = shift < 0n ? 10n ** -shift : 1n;
  // step Stripe units == step * perStripe / perMinor of ours; round up to a whole minor unit.
  const ours = step * perStripe;
  return ours % perMinor === 0n ? ours / perMinor : ours / perMinor + 1n;
}

function reason(code: string, purpose: StripePurpose): string {
  if (STRIPE_THREE_DECIMAL.has(code)) return `Stripe requires ${code} amounts to end in 0`;
  if (STRIPE_TWO_DECIMAL_WHOLE_UNITS.has(code)) return `Stripe only accepts whole ${code}`;
  if (purpose === 'payout' && STRIPE_WHOLE_UNIT_PAYOUTS.has(code)) {
    return `Stripe only pays out whole ${code}`;
  }
  return `Stripe treats ${code} as zero-decimal`;
}

/**
 * Converts `m` to the integer `amount` Stripe's API expects ("smallest currency unit" as Stripe
 * defines it, which is not always ISO's). Exact: never rounds; an amount Stripe would refuse
 * throws instead, so a charge is never silently a different amount from the ledger.
 *
 * - Most currencies: the minor units unchanged (USD 12.34 -> 1234, JPY 500 -> 500).
 * - ISK, UGX: whole units times 100 (ISK 5 -> 500), per Stripe's special cases.
 * - MGA: Stripe is zero-decimal, ISO has 2 decimals; only whole ariary convert (MGA 5.00 -> 5).
 * - BHD, JOD, KWD, OMR, TND: three decimals, last digit must be 0 (KWD 5.120 -> 5120;
 *   KWD 5.124 throws). Use {@link roundDownForStripe} to get a sendable amount.
 * - `purpose: 'payout'` with HUF or TWD: whole units only (HUF 10.00 -> 1000; 10.45 throws).
 *
 * Does not check that your Stripe account supports `m.currency`, nor Stripe's minimum and
 * maximum charge amounts, which depend on the account's settlement currency.
 *
 * @throws PricingError `NEGATIVE_NOT_ALLOWED` for a negative amount (Stripe amounts are >= 0).
 * @throws PricingError `STRIPE_AMOUNT_NOT_REPRESENTABLE` when Stripe would refuse the amount.
 */
export function toStripeAmount(m: Money, purpose: StripePurpose = 'charge'): bigint {
  assertMoney('m', m);
  const use = assertPurpose(purpose);
  if (m.amount < 0n) {
    throw new PricingError(
      'NEGATIVE_NOT_ALLOWED',
      `toStripeAmount: "m" is ${m.currency} ${formatMoney(m)}; Stripe amounts must be >= 0`,
    );
  }
  const granularity = stripeGranularity(m.currency, use);
  if (m.amount % granularity !== 0n) {
    const down = money(m.amount - (m.amount % granularity), m.currency);
    throw new PricingError(
      'STRIPE_AMOUNT_NOT_REPRESENTABLE',
      `toStripeAmount: ${m.currency} ${formatMoney(m)} cannot be sent as a Stripe ${use} amount: ` +
        `${reason(m.currency, use)}; use a multiple of ${granularity} minor units such as ` +
        `${formatMoney(down)} (see roundDownForStripe)`,
    );
  }
  const shift = BigInt(stripeExponent(m.currency) - currencyExponent(m.currency));
  return shift >= 0n ? m.amount * 10n ** shift : m.amount / 10n ** -shift;
}

/**
 * Converts an integer `amount` from a Stripe object (PaymentIntent, Refund, Charge, Payout,
 * balance transaction) back to {@link Money}. Exact; the inverse of {@link toStripeAmount}.
 * `currency` may be lower case, as Stripe sends it. Any sign is accepted, since balance
 * transactions carry negative amounts.
 *
 * @throws PricingError `STRIPE_AMOUNT_NOT_REPRESENTABLE` for an ISK or UGX amount that is not a
 *   multiple of 100 (a fraction of a krona has no minor unit here).
 */
export function fromStripeAmount(amount: bigint, currency: string): Money {
  assertBigint('amount', amount);
  assertString('currency', currency);
  const code = assertCurrency('currency', currency.toUpperCase());
  const shift = BigInt(stripeExponent(code) - currencyExponent(code));
  if (shift <= 0n) return money(amount * 10n ** -shift, code);
  const factor = 10n ** shift;
  if (amount % factor !== 0n) {
    throw new PricingError(
      'STRIPE_AMOUNT_NOT_REPRESENTABLE',
      `fromStripeAmount: "amount" ${amount} is not a whole number of ${code}; Stripe represents ` +
        `${code} with two decimals that are always 00, so it must be a multiple of ${factor}`,
    );
  }
  return money(amount / factor, code);
}

/**
 * `m` rounded DOWN to the nearest amount Stripe accepts for `purpose` (see
 * {@link stripeGranularity}): KWD 5.124 -> 5.120; a HUF 10.45 payout -> 10.00. Rounding down
 * keeps the remainder with the platform, never sends more than is owed.
 *
 * @throws PricingError `NEGATIVE_NOT_ALLOWED` for a negative amount.
 */
export function roundDownForStripe(m: Money, purpose: StripePurpose = 'charge'): Money {
  assertMoney('m', m);
  if (m.amount < 0n) {
    throw new PricingError(
      'NEGATIVE_NOT_ALLOWED',
      `roundDownForStripe: "m" is ${m.currency} ${formatMoney(m)}; Stripe amounts must be >= 0`,
    );
  }
  const granularity = stripeGranularity(m.currency, purpose);
  return money(m.amount - (m.amount % granularity), m.currency);
}

/** The lower-case currency code Stripe's API expects (`"USD"` -> `"usd"`). */
export function toStripeCurrency(currency: string): string {
  return assertCurrency('currency', currency).toLowerCase();
}
