// Long property runs: thousands of cases, every currency. Runs in the `slow` vitest project.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CURRENCIES,
  chargeForHours,
  computeVat,
  formatMoney,
  fromStripeAmount,
  money,
  paidTotal,
  parseMoney,
  proratedRefund,
  roundDownForStripe,
  settlement,
  stripeGranularity,
  toStripeAmount,
} from '../src/index';
import { at, contractArb } from './arbitraries';

const CODES = Object.keys(CURRENCIES);
const RUNS = 5_000;

describe('properties over every currency (slow)', () => {
  it.each(CODES)('%s: formatMoney/parseMoney round-trip exactly', (currency) => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 35n), max: 10n ** 35n }), (amount) => {
        const m = money(amount, currency);
        expect(parseMoney(formatMoney(m), currency, { allowNegative: true })).toEqual(m);
      }),
      { numRuns: 200 },
    );
  });

  it.each(CODES)('%s: toStripeAmount/fromStripeAmount round-trip where valid', (currency) => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.constantFrom('charge' as const, 'payout' as const),
        (raw, purpose) => {
          const m = money(raw, currency);
          const granularity = stripeGranularity(currency, purpose);
          if (raw % granularity !== 0n) {
            expect(() => toStripeAmount(m, purpose)).toThrow(/cannot be sent/);
          }
          const sendable = roundDownForStripe(m, purpose);
          const sent = toStripeAmount(sendable, purpose);
          expect(fromStripeAmount(sent, currency.toLowerCase())).toEqual(sendable);
          expect(toStripeAmount(fromStripeAmount(sent, currency), purpose)).toBe(sent);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('conservation, bounds and monotonicity over random contracts in random currencies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CODES).chain((currency) => contractArb(currency)),
        ({ segments, clock, refunded, nowA, nowB, feeBps }) => {
          const [early, late] = nowA <= nowB ? [nowA, nowB] : [nowB, nowA];
          const paid = paidTotal(segments).amount;
          const a = settlement({ segments, clock, now: at(early), refunded, feeBps });
          const b = settlement({ segments, clock, now: at(late), refunded, feeBps });
          for (const [s, now] of [
            [a, early],
            [b, late],
          ] as const) {
            expect(
              s.earned.amount + s.platformFee.amount + s.refundable.amount + s.refunded.amount,
            ).toBe(paid);
            expect(s.refundable.amount >= 0n).toBe(true);
            expect(s.refundable.amount <= paid - refunded.amount).toBe(true);
            expect(s.refundable).toEqual(
              proratedRefund({ segments, clock, now: at(now), refunded }),
            );
          }
          expect(b.refundable.amount <= a.refundable.amount).toBe(true);
          expect(b.earned.amount >= a.earned.amount).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('chargeForHours is the half-up rational value', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        (price, hours) => {
          const charged = chargeForHours(money(price, 'USD'), hours).amount;
          const twice = 2n * price * hours;
          // charged = floor(x + 1/2) with x = price * hours / 720.
          expect(charged * 1440n <= twice + 720n).toBe(true);
          expect(twice + 720n < (charged + 1n) * 1440n).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('computeVat is the half-up rational value and gross = net + vat', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 18n }),
        fc.bigInt({ min: 0n, max: 10_000n }),
        (net, bps) => {
          const { vat, gross } = computeVat(money(net, 'EUR'), bps);
          expect(gross.amount).toBe(net + vat.amount);
          expect(vat.amount * 20_000n <= 2n * net * bps + 10_000n).toBe(true);
          expect(2n * net * bps + 10_000n < (vat.amount + 1n) * 20_000n).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
