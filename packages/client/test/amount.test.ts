import { describe, expect, it } from 'vitest';
import { formatAmount } from '../src/index';

describe('formatAmount', () => {
  it('places the decimal point by the currency exponent', () => {
    expect(formatAmount(1530, 'EUR')).toBe('15.30 EUR');
    expect(formatAmount(5, 'USD')).toBe('0.05 USD');
    expect(formatAmount(0, 'EUR')).toBe('0.00 EUR');
    expect(formatAmount(1000, 'JPY')).toBe('1000 JPY');
    expect(formatAmount(1234, 'KWD')).toBe('1.234 KWD');
  });

  it('stays exact at the largest amount JSON carries exactly', () => {
    expect(formatAmount(Number.MAX_SAFE_INTEGER, 'EUR')).toBe('90071992547409.91 EUR');
  });

  it('refuses a currency the platform does not price in, naming it', () => {
    expect(() => formatAmount(100, 'eur')).toThrow(/eur/);
    expect(() => formatAmount(100, 'XXX')).toThrow(/XXX/);
  });
});
