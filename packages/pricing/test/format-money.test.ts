import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENCIES, formatMoney, money, parseMoney } from '../src/index';

describe('formatMoney', () => {
  it.each([
    [1230n, 'USD', '12.30'],
    [-5n, 'USD', '-0.05'],
    [0n, 'USD', '0.00'],
    [1n, 'EUR', '0.01'],
    [123456789n, 'EUR', '1234567.89'],
    [1000n, 'JPY', '1000'],
    [-7n, 'JPY', '-7'],
    [1234n, 'KWD', '1.234'],
    [5n, 'KWD', '0.005'],
    [1n, 'CLF', '0.0001'],
  ])('%s %s -> %s', (amount, currency, text) => {
    expect(formatMoney(money(amount, currency))).toBe(text);
  });

  it('round-trips through parseMoney for random amounts of every currency', () => {
    const codes = Object.keys(CURRENCIES);
    fc.assert(
      fc.property(
        fc.constantFrom(...codes),
        fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
        (currency, amount) => {
          const m = money(amount, currency);
          expect(parseMoney(formatMoney(m), currency, { allowNegative: true })).toEqual(m);
        },
      ),
    );
  });
});
