import { describe, expect, it } from 'vitest';
import { add, compare, isZero, max, min, money, subtract, sum, zero } from '../src/index';
import { pricingError } from './expect-error';

const usd = (amount: bigint) => money(amount, 'USD');
const eur = (amount: bigint) => money(amount, 'EUR');

const codeOf = (fn: () => unknown) => pricingError(fn).code;

describe('money()', () => {
  it('creates a frozen plain object with amount and currency', () => {
    const m = money(1234n, 'USD');
    expect(m).toEqual({ amount: 1234n, currency: 'USD' });
    expect(Object.isFrozen(m)).toBe(true);
  });

  it('rejects a number amount with a TypeError naming the parameter', () => {
    expect(() => money(12 as unknown as bigint, 'USD')).toThrow(
      new TypeError('"amount" must be a bigint, got number'),
    );
  });

  it('rejects an unknown currency with UNKNOWN_CURRENCY', () => {
    expect(codeOf(() => money(1n, 'XYZ'))).toBe('UNKNOWN_CURRENCY');
    expect(() => money(1n, 'XYZ')).toThrow(/"currency" "XYZ" is not a known currency/);
  });

  it('rejects a lower-case code and suggests the upper-case one', () => {
    expect(() => money(1n, 'usd')).toThrow(/did you mean "USD"\?/);
  });

  it('does not treat Object.prototype keys as currencies', () => {
    expect(codeOf(() => money(1n, 'constructor'))).toBe('UNKNOWN_CURRENCY');
    expect(codeOf(() => money(1n, '__proto__'))).toBe('UNKNOWN_CURRENCY');
  });
});

describe('arithmetic', () => {
  it('adds and subtracts exactly, including past zero', () => {
    expect(add(usd(201n), usd(99n))).toEqual(usd(300n));
    expect(subtract(usd(100n), usd(250n))).toEqual(usd(-150n));
  });

  it('refuses to mix currencies (a EUR wallet is never debited 1:1 for USD)', () => {
    expect(codeOf(() => add(usd(1n), eur(1n)))).toBe('CURRENCY_MISMATCH');
    expect(codeOf(() => subtract(usd(1n), eur(1n)))).toBe('CURRENCY_MISMATCH');
    expect(codeOf(() => compare(usd(1n), eur(1n)))).toBe('CURRENCY_MISMATCH');
    expect(() => add(usd(1n), eur(1n))).toThrow('add: cannot combine USD and EUR');
  });

  it('compares, min and max', () => {
    expect(compare(usd(1n), usd(2n))).toBe(-1);
    expect(compare(usd(2n), usd(2n))).toBe(0);
    expect(compare(usd(3n), usd(2n))).toBe(1);
    expect(min(usd(5n), usd(-5n))).toEqual(usd(-5n));
    expect(max(usd(5n), usd(-5n))).toEqual(usd(5n));
  });

  it('isZero and zero', () => {
    expect(isZero(zero('JPY'))).toBe(true);
    expect(isZero(money(1n, 'JPY'))).toBe(false);
    expect(zero('KWD')).toEqual({ amount: 0n, currency: 'KWD' });
  });

  it('sums a list, an empty list to zero, and refuses a stray currency', () => {
    expect(sum([usd(1n), usd(2n), usd(3n)], 'USD')).toEqual(usd(6n));
    expect(sum([], 'EUR')).toEqual(eur(0n));
    expect(codeOf(() => sum([usd(1n), eur(2n)], 'USD'))).toBe('CURRENCY_MISMATCH');
    expect(codeOf(() => sum([usd(1n)], 'EUR'))).toBe('CURRENCY_MISMATCH');
  });

  it('rejects a Money-shaped object with a string amount (JSON without revival)', () => {
    const fromJson = JSON.parse('{"amount":"100","currency":"USD"}');
    expect(() => add(fromJson, usd(1n))).toThrow(TypeError);
  });
});
