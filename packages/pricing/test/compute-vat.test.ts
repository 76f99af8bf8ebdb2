import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeVat, money } from '../src/index';
import { pricingError } from './expect-error';

const eur = (amount: bigint) => money(amount, 'EUR');

describe('computeVat', () => {
  it('DE 19 % on 10.00 is 1.90, gross 11.90', () => {
    expect(computeVat(eur(1000n), 1900n)).toEqual({
      net: eur(1000n),
      vat: eur(190n),
      gross: eur(1190n),
      rateBps: 1900n,
    });
  });

  it('rounds half up: 19 % of 0.50 is 0.095 -> 0.10; of 0.02 is 0.0038 -> 0.00', () => {
    expect(computeVat(eur(50n), 1900n).vat).toEqual(eur(10n));
    expect(computeVat(eur(2n), 1900n).vat).toEqual(eur(0n));
  });

  it('keeps 25.5 % as 2550 bps and never uses a rounded percentage', () => {
    // 1.99 * 25.5 % = 0.50745 -> 0.51; a rate rounded to 26 % would give 0.5174 -> 0.52.
    expect(computeVat(eur(199n), 2550n).vat).toEqual(eur(51n));
    expect(computeVat(eur(199n), 2600n).vat).toEqual(eur(52n));
  });

  it('mirrors a credit note exactly: VAT of -net is -(VAT of net)', () => {
    expect(computeVat(eur(-50n), 1900n)).toEqual({
      net: eur(-50n),
      vat: eur(-10n),
      gross: eur(-60n),
      rateBps: 1900n,
    });
  });

  it('reverse charge and out of scope: 0 bps gives no VAT', () => {
    expect(computeVat(eur(12345n), 0n).gross).toEqual(eur(12345n));
  });

  it('rejects rates outside 0..10000 bps', () => {
    expect(pricingError(() => computeVat(eur(1n), 10_001n)).code).toBe('INVALID_BPS');
    expect(() => computeVat(eur(1n), 19 as unknown as bigint)).toThrow(TypeError);
  });

  it('vat matches the rational value half up, and gross = net + vat (random)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        (net, bps) => {
          const { vat, gross } = computeVat(eur(net), bps);
          expect(gross.amount).toBe(net + vat.amount);
          // |vat| is |net| * bps / 10000 rounded half up: exact - 1/2 < |vat| <= exact + 1/2.
          const absNet = net < 0n ? -net : net;
          const absVat = vat.amount < 0n ? -vat.amount : vat.amount;
          const error = 2n * (absVat * 10_000n - absNet * bps);
          expect(error > -10_000n && error <= 10_000n).toBe(true);
          expect(vat.amount === 0n || vat.amount < 0n === net < 0n).toBe(true);
        },
      ),
    );
  });
});
