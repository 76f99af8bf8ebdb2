import { describe, expect, it } from 'vitest';
import { money, parseMoney } from '../src/index';
import { pricingError } from './expect-error';

describe('parseMoney accepts canonical decimals, exactly', () => {
  it.each([
    ['12', 'USD', 1200n],
    ['12.3', 'USD', 1230n],
    ['12.34', 'USD', 1234n],
    ['0.5', 'USD', 50n],
    ['0', 'USD', 0n],
    ['0.01', 'USD', 1n],
    // The classic float bug: 2.01 * 100 === 200.99999999999997.
    ['2.01', 'USD', 201n],
    ['4.35', 'USD', 435n],
    ['1000', 'JPY', 1000n],
    ['1.234', 'KWD', 1234n],
    ['1.2', 'KWD', 1200n],
    ['5', 'ISK', 5n],
    ['0.0001', 'CLF', 1n],
    ['90071992547409931234.56', 'USD', 9007199254740993123456n],
  ])('%s %s -> %s minor units', (text, currency, amount) => {
    expect(parseMoney(text, currency)).toEqual(money(amount, currency));
  });

  it('accepts a negative amount only with allowNegative', () => {
    expect(parseMoney('-1.50', 'USD', { allowNegative: true })).toEqual(money(-150n, 'USD'));
    expect(parseMoney('-0.05', 'USD', { allowNegative: true })).toEqual(money(-5n, 'USD'));
    const error = pricingError(() => parseMoney('-1.50', 'USD'));
    expect(error.code).toBe('NEGATIVE_NOT_ALLOWED');
    expect(error.message).toContain('"-1.50" is negative');
  });
});

describe('parseMoney rejects anything else, naming the input', () => {
  it.each([
    ['', 'INVALID_AMOUNT'],
    [' ', 'INVALID_AMOUNT'],
    [' 12', 'INVALID_AMOUNT'],
    ['12 ', 'INVALID_AMOUNT'],
    ['1e5', 'INVALID_AMOUNT'],
    ['1E5', 'INVALID_AMOUNT'],
    ['NaN', 'INVALID_AMOUNT'],
    ['Infinity', 'INVALID_AMOUNT'],
    ['-Infinity', 'INVALID_AMOUNT'],
    ['+1', 'INVALID_AMOUNT'],
    ['1,000', 'INVALID_AMOUNT'],
    ['1,5', 'INVALID_AMOUNT'],
    ['1_000', 'INVALID_AMOUNT'],
    ['.5', 'INVALID_AMOUNT'],
    ['5.', 'INVALID_AMOUNT'],
    ['012', 'INVALID_AMOUNT'],
    ['0x10', 'INVALID_AMOUNT'],
    ['--1', 'INVALID_AMOUNT'],
    ['1.2.3', 'INVALID_AMOUNT'],
    ['$12', 'INVALID_AMOUNT'],
    ['١٢', 'INVALID_AMOUNT'],
    ['12.345', 'TOO_MANY_DECIMALS'],
    ['12.340', 'TOO_MANY_DECIMALS'],
    ['-1', 'NEGATIVE_NOT_ALLOWED'],
    ['-0', 'NEGATIVE_NOT_ALLOWED'],
  ])('%j USD -> %s', (text, code) => {
    const error = pricingError(() => parseMoney(text, 'USD'));
    expect(error.code).toBe(code);
    expect(error.message).toContain(JSON.stringify(text));
  });

  it('says how many decimals the input has and how many the currency allows', () => {
    expect(pricingError(() => parseMoney('12.345', 'USD')).message).toBe(
      'parseMoney: "12.345" has 3 decimals but USD allows at most 2',
    );
    expect(pricingError(() => parseMoney('1.5', 'JPY')).message).toBe(
      'parseMoney: "1.5" has 1 decimal but JPY allows none',
    );
    expect(pricingError(() => parseMoney('1.0', 'JPY')).code).toBe('TOO_MANY_DECIMALS');
    expect(pricingError(() => parseMoney('1.2345', 'KWD')).code).toBe('TOO_MANY_DECIMALS');
  });

  it('explains the expected shape for malformed input', () => {
    expect(pricingError(() => parseMoney('1e5', 'USD')).message).toBe(
      'parseMoney: "1e5" is not a decimal amount of USD; expected "12" or "12.33" ' +
        '(no "+", exponent, grouping, spaces, leading zeros or bare ".")',
    );
  });

  it('rejects overlong input before building a bigint', () => {
    const error = pricingError(() => parseMoney('9'.repeat(49), 'USD'));
    expect(error.code).toBe('INVALID_AMOUNT');
    expect(error.message).toContain('49 characters');
  });

  it('rejects an unknown currency and a non-string text', () => {
    expect(pricingError(() => parseMoney('1', 'usd')).code).toBe('UNKNOWN_CURRENCY');
    expect(() => parseMoney(12 as unknown as string, 'USD')).toThrow(
      new TypeError('"text" must be a string, got number'),
    );
  });
});
