import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fullRefund,
  money,
  paidTotal,
  proratedRefund,
  segmentFor,
  type TermClock,
  unconsumedValue,
} from '../src/index';
import { at, contractArb, HOUR } from './arbitraries';
import { pricingError } from './expect-error';

const H = 3_600_000;
const t0 = new Date('2025-03-01T00:00:00Z');
const plus = (hours: number) => new Date(t0.getTime() + hours * H);
const usd = (amount: bigint) => money(amount, 'USD');
const month = [segmentFor(usd(1000n), 720n)];
const delivered: TermClock = { start: t0, pausedMillis: 0n, pausedSince: null, endedAt: null };

describe('the worked example of contracts.md section 4', () => {
  it('$10.00/month, 720 h, cancelled at t0+100h: refund 861 cents, consumed 139', () => {
    const clock = { ...delivered, endedAt: plus(100) };
    const refund = proratedRefund({ segments: month, clock, now: plus(100), refunded: usd(0n) });
    expect(refund).toEqual(usd(861n)); // floor(1000 * 620 / 720)
    expect(paidTotal(month).amount - refund.amount).toBe(139n);
  });

  it('with a 24 h pause inside those 100 h: used 76 h, refund 894 cents', () => {
    const clock = { ...delivered, pausedMillis: 24n * HOUR, endedAt: plus(100) };
    const refund = proratedRefund({ segments: month, clock, now: plus(100), refunded: usd(0n) });
    expect(refund).toEqual(usd(894n)); // floor(1000 * 644 / 720)
  });

  it('the same 24 h pause still open at t0+100h gives the same refund', () => {
    const clock = { ...delivered, pausedSince: plus(76) };
    const refund = proratedRefund({ segments: month, clock, now: plus(100), refunded: usd(0n) });
    expect(refund).toEqual(usd(894n));
  });
});

describe('proratedRefund', () => {
  it('before delivery refunds everything paid (delivery delay is never billed)', () => {
    const clock = { ...delivered, start: null };
    expect(proratedRefund({ segments: month, clock, now: plus(48), refunded: usd(0n) })).toEqual(
      usd(1000n),
    );
  });

  it('consumes segments in order, each rounded down on its own', () => {
    // 720 h for 1000, then 100 h for 333: at 750 h the first is used up, 30 h of the second.
    const segments = [segmentFor(usd(1000n), 720n), { hours: 100n, amount: usd(333n) }];
    const refund = unconsumedValue(segments, delivered, plus(750));
    expect(refund).toEqual(usd(233n)); // floor(333 * 70 / 100) = floor(233.1)
    // At 10 h: floor(1000 * 710 / 720) = 986 plus the whole 333.
    expect(unconsumedValue(segments, delivered, plus(10))).toEqual(usd(986n + 333n));
  });

  it('is zero once the paid term is used up, and stays zero', () => {
    expect(unconsumedValue(month, delivered, plus(720))).toEqual(usd(0n));
    expect(unconsumedValue(month, delivered, plus(10_000))).toEqual(usd(0n));
  });

  it('subtracts what was already refunded and never goes below zero', () => {
    const clock = { ...delivered, endedAt: plus(100) };
    expect(proratedRefund({ segments: month, clock, now: plus(100), refunded: usd(61n) })).toEqual(
      usd(800n),
    );
    expect(proratedRefund({ segments: month, clock, now: plus(100), refunded: usd(900n) })).toEqual(
      usd(0n),
    );
  });

  it('refuses a prior refund above what these segments were paid, or in another currency', () => {
    const error = pricingError(() =>
      proratedRefund({ segments: month, clock: delivered, now: t0, refunded: usd(1001n) }),
    );
    expect(error.code).toBe('REFUNDED_EXCEEDS_PAID');
    expect(error.message).toContain('"refunded" USD 10.01 exceeds the 10.00 paid');
    expect(
      pricingError(() =>
        proratedRefund({ segments: month, clock: delivered, now: t0, refunded: money(0n, 'EUR') }),
      ).code,
    ).toBe('CURRENCY_MISMATCH');
    expect(
      pricingError(() =>
        proratedRefund({ segments: month, clock: delivered, now: t0, refunded: usd(-1n) }),
      ).code,
    ).toBe('NEGATIVE_NOT_ALLOWED');
  });

  it('fullRefund is paid minus refunded', () => {
    expect(fullRefund({ segments: month, refunded: usd(0n) })).toEqual(usd(1000n));
    expect(fullRefund({ segments: month, refunded: usd(250n) })).toEqual(usd(750n));
  });

  it('matches the rational value of a single segment, rounded down', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000n }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 0n, max: 20_000n * HOUR }),
        (hours, amount, elapsed) => {
          const refund = unconsumedValue(
            [{ hours, amount: usd(amount) }],
            { start: at(0n), pausedMillis: 0n, pausedSince: null, endedAt: null },
            at(elapsed),
          ).amount;
          const length = hours * HOUR;
          const unused = elapsed >= length ? 0n : length - elapsed;
          // floor: refund <= amount * unused / length < refund + 1
          expect(refund * length <= amount * unused).toBe(true);
          expect(amount * unused < (refund + 1n) * length).toBe(true);
        },
      ),
    );
  });

  it('is bounded by paid - refunded and non-increasing in now (random contracts)', () => {
    fc.assert(
      fc.property(contractArb(), ({ segments, clock, refunded, nowA, nowB }) => {
        const [early, late] = nowA <= nowB ? [nowA, nowB] : [nowB, nowA];
        const paid = paidTotal(segments).amount;
        const a = proratedRefund({ segments, clock, now: at(early), refunded }).amount;
        const b = proratedRefund({ segments, clock, now: at(late), refunded }).amount;
        expect(a >= 0n && a <= paid - refunded.amount).toBe(true);
        expect(b <= a).toBe(true);
      }),
    );
  });
});
