import { assertString } from './_assert';
import { type CurrencyExponent, currencyExponent } from './currencies';
import { PricingError } from './errors';
import { assertMoney, type Money, money } from './money';

/** Options of {@link parseMoney}. */
export interface ParseMoneyOptions {
  /** Accept a leading `-` (refund lines, balances). Default `false`: prices are never negative. */
  readonly allowNegative?: boolean;
}

// Long enough for any real amount (10^40 major units), short enough that a hostile string
// cannot make us build a huge bigint.
const MAX_LENGTH = 48;

// One canonical shape: optional minus, integer part without leading zeros, optional fraction
// with at least one digit. No "+", no exponent, no grouping, no whitespace, no ".5" or "5.".
const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

function decimalsText(exponent: CurrencyExponent): string {
  return exponent === 0 ? 'none' : `at most ${exponent}`;
}

function example(exponent: CurrencyExponent): string {
  return exponent === 0 ? '"12"' : `"12" or "12.${'3'.repeat(exponent)}"`;
}

/**
 * Parses a decimal string in major units into exact {@link Money} in minor units, with no
 * rounding at all: `"12.34"` USD is 1234n, `"2.01"` is 201n (never 200n), `"1000"` JPY is 1000n.
 *
 * Accepted: `"12"`, `"12.3"`, `"12.34"`, `"0.5"`, and `"-1.50"` with `allowNegative`.
 * Rejected with `INVALID_AMOUNT`: empty or blank text, surrounding whitespace, `"+1"`, `"1e5"`,
 * `"NaN"`, `"Infinity"`, `"1,000"`, `"1_000"`, leading zeros (`"012"`), a bare point (`".5"`,
 * `"5."`: a human typing them is more likely to have lost a digit than to mean 0.5 or 5), and
 * text longer than 48 characters.
 * Rejected with `TOO_MANY_DECIMALS`: more fraction digits than the currency has (`"12.345"`
 * USD, `"1.5"` JPY, even `"12.340"` USD: a caller sending three decimals for USD has a unit bug).
 * Rejected with `NEGATIVE_NOT_ALLOWED`: a leading `-` without `allowNegative` (also `"-0"`).
 *
 * @throws TypeError if `text` is not a string.
 * @throws PricingError `UNKNOWN_CURRENCY` for an unknown currency code.
 */
export function parseMoney(text: string, currency: string, options: ParseMoneyOptions = {}): Money {
  assertString('text', text);
  const exponent = currencyExponent(currency);
  const quoted = JSON.stringify(text);
  if (text.length > MAX_LENGTH) {
    throw new PricingError(
      'INVALID_AMOUNT',
      `parseMoney: "text" is ${text.length} characters long; at most ${MAX_LENGTH} are allowed`,
    );
  }
  const match = DECIMAL.exec(text);
  if (match === null) {
    throw new PricingError(
      'INVALID_AMOUNT',
      `parseMoney: ${quoted} is not a decimal amount of ${currency}; expected ${example(exponent)}` +
        ' (no "+", exponent, grouping, spaces, leading zeros or bare ".")',
    );
  }
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (sign === '-' && options.allowNegative !== true) {
    throw new PricingError(
      'NEGATIVE_NOT_ALLOWED',
      `parseMoney: ${quoted} is negative; pass { allowNegative: true } where negative amounts are valid`,
    );
  }
  if (fraction.length > exponent) {
    throw new PricingError(
      'TOO_MANY_DECIMALS',
      `parseMoney: ${quoted} has ${fraction.length} decimal${fraction.length === 1 ? '' : 's'} ` +
        `but ${currency} allows ${decimalsText(exponent)}`,
    );
  }
  const minor = BigInt(whole + fraction.padEnd(exponent, '0'));
  return money(sign === '-' ? -minor : minor, currency);
}

/**
 * The canonical decimal string of `m` in major units, with exactly the currency's number of
 * decimals and no grouping or symbol: `"12.30"` USD, `"-0.05"` USD, `"1000"` JPY, `"1.234"` KWD.
 * Exact (no rounding); `parseMoney(formatMoney(m), m.currency, { allowNegative: true })` is `m`.
 */
export function formatMoney(m: Money): string {
  assertMoney('m', m);
  const exponent = currencyExponent(m.currency);
  const negative = m.amount < 0n;
  const digits = (negative ? -m.amount : m.amount).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  return `${negative ? '-' : ''}${whole}${exponent > 0 ? `.${fraction}` : ''}`;
}
