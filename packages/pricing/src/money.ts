import { assertBigint } from './_assert';
import { assertCurrency } from './currencies';
import { PricingError } from './errors';

/**
 * An amount of one currency, in that currency's minor unit (cents for USD, yen for JPY, fils
 * for KWD). Values are frozen plain objects: compare them with {@link compare} or by fields,
 * serialise `amount` as a decimal string (JSON has no bigint).
 */
export interface Money {
  /** Integer count of minor units; may be negative (a balance, a credit). */
  readonly amount: bigint;
  /** Upper-case ISO 4217 code, a key of `CURRENCIES`. */
  readonly currency: string;
}

/**
 * Creates a frozen {@link Money}. No rounding: `amount` is already in minor units.
 *
 * @throws TypeError if `amount` is not a bigint.
 * @throws PricingError `UNKNOWN_CURRENCY` if `currency` is not a known upper-case code.
 */
export function money(amount: bigint, currency: string): Money {
  assertBigint('amount', amount);
  const code = assertCurrency('currency', currency);
  return Object.freeze({ amount, currency: code });
}

/** Zero of `currency`. */
export function zero(currency: string): Money {
  return money(0n, currency);
}

/**
 * Checks that `value` is a well-formed {@link Money} (bigint amount, known currency) and
 * returns it. Used at every public entry point, because a plain object from JSON with a string
 * amount must fail loudly rather than concatenate.
 */
export function assertMoney(name: string, value: unknown): Money {
  if (typeof value !== 'object' || value === null) {
    throw new TypeError(`"${name}" must be a Money { amount: bigint, currency: string }`);
  }
  const { amount, currency } = value as { amount?: unknown; currency?: unknown };
  assertBigint(`${name}.amount`, amount);
  assertCurrency(`${name}.currency`, currency);
  return value as Money;
}

function sameCurrency(op: string, a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw new PricingError(
      'CURRENCY_MISMATCH',
      `${op}: cannot combine ${a.currency} and ${b.currency}; convert explicitly first`,
    );
  }
}

/** `a + b`, exact. @throws PricingError `CURRENCY_MISMATCH` if the currencies differ. */
export function add(a: Money, b: Money): Money {
  assertMoney('a', a);
  assertMoney('b', b);
  sameCurrency('add', a, b);
  return money(a.amount + b.amount, a.currency);
}

/** `a - b`, exact (may be negative). @throws PricingError `CURRENCY_MISMATCH`. */
export function subtract(a: Money, b: Money): Money {
  assertMoney('a', a);
  assertMoney('b', b);
  sameCurrency('subtract', a, b);
  return money(a.amount - b.amount, a.currency);
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. @throws `CURRENCY_MISMATCH`. */
export function compare(a: Money, b: Money): -1 | 0 | 1 {
  assertMoney('a', a);
  assertMoney('b', b);
  sameCurrency('compare', a, b);
  if (a.amount < b.amount) return -1;
  return a.amount > b.amount ? 1 : 0;
}

/** Whether `m` is exactly zero. */
export function isZero(m: Money): boolean {
  return assertMoney('m', m).amount === 0n;
}

/** The smaller of `a` and `b` (`a` on a tie). @throws `CURRENCY_MISMATCH`. */
export function min(a: Money, b: Money): Money {
  return compare(a, b) <= 0 ? a : b;
}

/** The larger of `a` and `b` (`a` on a tie). @throws `CURRENCY_MISMATCH`. */
export function max(a: Money, b: Money): Money {
  return compare(a, b) >= 0 ? a : b;
}

/**
 * Exact sum of `list`, which may be empty (the result is then zero of `currency`). `currency`
 * is required so an empty list still has one, and every element must be in it.
 *
 * @throws PricingError `CURRENCY_MISMATCH` if an element is in another currency.
 */
export function sum(list: readonly Money[], currency: string): Money {
  if (!Array.isArray(list)) throw new TypeError('"list" must be an array of Money');
  const code = assertCurrency('currency', currency);
  let total = 0n;
  list.forEach((item, index) => {
    assertMoney(`list[${index}]`, item);
    if (item.currency !== code) {
      throw new PricingError(
        'CURRENCY_MISMATCH',
        `sum: "list[${index}]" is in ${item.currency} but the sum is in ${code}`,
      );
    }
    total += item.amount;
  });
  return money(total, code);
}
