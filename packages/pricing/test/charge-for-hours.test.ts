import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chargeForHours,
  HOURS_PER_MONTH,
  money,
  paidHours,
  paidTotal,
  segmentFor,
} from '../src/index';
import { pricingError } from './expect-error';

/** price * hours / 720 rounded half up, computed as quotient plus a remainder comparison. */
function halfUpReference(price: bigint, hours: bigint): bigint {
  const product = price * hours;
  const quotient = product / 720n;
  const remainder = product % 720n;
  return remainder * 2n >= 720n ? quotient + 1n : quotient;
}

describe('chargeForHours', () => {
  it('a month is 720 hours and costs the monthly price', () => {
    expect(HOURS_PER_MONTH).toBe(720n);
    expect(chargeForHours(money(1000n, 'USD'), 720n)).toEqual(money(1000n, 'USD'));
  });

  it.each([
    // 1000 * 1 / 720 = 1.388 -> 1
    [1000n, 1n, 1n],
    // 1000 * 9 / 720 = 12.5 -> 13 (half goes up)
    [1000n, 9n, 13n],
    // 1000 * 18 / 720 = 25 exactly
    [1000n, 18n, 25n],
    // 1000 * 100 / 720 = 138.89 -> 139
    [1000n, 100n, 139n],
    // 999 * 1 / 720 = 1.3875 -> 1
    [999n, 1n, 1n],
    // 360 * 1 / 720 = 0.5 -> 1
    [360n, 1n, 1n],
    // 359 * 1 / 720 = 0.4986 -> 0
    [359n, 1n, 0n],
    [0n, 5n, 0n],
  ])('%s/month for %s h -> %s', (price, hours, expected) => {
    expect(chargeForHours(money(price, 'USD'), hours).amount).toBe(expected);
  });

  it('works in the currency minor unit: JPY and KWD are not cents', () => {
    expect(chargeForHours(money(7200n, 'JPY'), 1n)).toEqual(money(10n, 'JPY'));
    expect(chargeForHours(money(3600n, 'KWD'), 1n)).toEqual(money(5n, 'KWD'));
  });

  it('rejects fewer than one hour and negative prices', () => {
    const error = pricingError(() => chargeForHours(money(1000n, 'USD'), 0n));
    expect(error.code).toBe('INVALID_HOURS');
    expect(error.message).toBe(
      '"hours" must be a whole number of hours >= 1 (the minimum rental), got 0',
    );
    expect(pricingError(() => chargeForHours(money(1000n, 'USD'), -3n)).code).toBe('INVALID_HOURS');
    expect(pricingError(() => chargeForHours(money(-1n, 'USD'), 1n)).code).toBe(
      'NEGATIVE_NOT_ALLOWED',
    );
    expect(() => chargeForHours(money(1000n, 'USD'), 1 as unknown as bigint)).toThrow(TypeError);
  });

  it('equals the half-up rational value for random prices and hours', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 100_000n }),
        (price, hours) => {
          const charged = chargeForHours(money(price, 'EUR'), hours).amount;
          expect(charged).toBe(halfUpReference(price, hours));
          // Half up: exact - 1/2 < charged <= exact + 1/2, scaled by 720.
          const error = 720n * charged - price * hours;
          expect(error > -360n && error <= 360n).toBe(true);
        },
      ),
    );
  });
});

describe('segments', () => {
  it('segmentFor prices hours at the current price; paidTotal and paidHours add up', () => {
    const initial = segmentFor(money(1000n, 'USD'), 720n);
    const extension = segmentFor(money(1200n, 'USD'), 100n);
    expect(initial).toEqual({ hours: 720n, amount: money(1000n, 'USD') });
    expect(extension).toEqual({ hours: 100n, amount: money(167n, 'USD') });
    expect(paidTotal([initial, extension])).toEqual(money(1167n, 'USD'));
    expect(paidHours([initial, extension])).toBe(820n);
  });

  it('rejects an empty list, mixed currencies and negative amounts', () => {
    expect(pricingError(() => paidTotal([])).code).toBe('INVALID_SEGMENTS');
    const usd = segmentFor(money(1000n, 'USD'), 1n);
    const eur = segmentFor(money(1000n, 'EUR'), 1n);
    const mixed = pricingError(() => paidTotal([usd, eur]));
    expect(mixed.code).toBe('CURRENCY_MISMATCH');
    expect(mixed.message).toContain('"segments[1].amount" is in EUR but segments[0] is in USD');
    expect(pricingError(() => paidTotal([{ hours: 1n, amount: money(-1n, 'USD') }])).code).toBe(
      'INVALID_SEGMENTS',
    );
    expect(pricingError(() => paidTotal([{ hours: 0n, amount: money(1n, 'USD') }])).code).toBe(
      'INVALID_HOURS',
    );
  });
});
