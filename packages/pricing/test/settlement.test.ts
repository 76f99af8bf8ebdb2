import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { money, paidTotal, segmentFor, settlement, type TermClock } from '../src/index';
import { at, contractArb } from './arbitraries';
import { pricingError } from './expect-error';

const H = 3_600_000;
const t0 = new Date('2025-03-01T00:00:00Z');
const plus = (hours: number) => new Date(t0.getTime() + hours * H);
const usd = (amount: bigint) => money(amount, 'USD');
const month = [segmentFor(usd(1000n), 720n)];
const clock: TermClock = { start: t0, pausedMillis: 0n, pausedSince: null, endedAt: plus(100) };

describe('settlement', () => {
  it('splits the worked example with no fee: the provider earns the 139 consumed', () => {
    const s = settlement({ segments: month, clock, now: plus(100), refunded: usd(0n), feeBps: 0n });
    expect(s).toEqual({
      paid: usd(1000n),
      refunded: usd(0n),
      refundable: usd(861n),
      consumed: usd(139n),
      platformFee: usd(0n),
      earned: usd(139n),
    });
  });

  it('takes the fee half up from consumed value: 10 % of 139 is 13.9 -> 14', () => {
    const s = settlement({
      segments: month,
      clock,
      now: plus(100),
      refunded: usd(0n),
      feeBps: 1000n,
    });
    expect(s.platformFee).toEqual(usd(14n));
    expect(s.earned).toEqual(usd(125n));
  });

  it('after the refund is paid out, refundable is zero and the split is final', () => {
    const s = settlement({
      segments: month,
      clock,
      now: plus(200),
      refunded: usd(861n),
      feeBps: 250n,
    });
    expect(s.refundable).toEqual(usd(0n));
    expect(s.consumed).toEqual(usd(139n));
    expect(s.platformFee).toEqual(usd(3n)); // 139 * 2.5 % = 3.475 -> 3
    expect(s.earned).toEqual(usd(136n));
  });

  it('rejects a fee outside 0..10000 basis points', () => {
    const base = { segments: month, clock, now: plus(1), refunded: usd(0n) };
    const error = pricingError(() => settlement({ ...base, feeBps: 10_001n }));
    expect(error.code).toBe('INVALID_BPS');
    expect(error.message).toBe(
      '"feeBps" must be between 0 and 10000 basis points (0 % to 100 %), got 10001',
    );
    expect(pricingError(() => settlement({ ...base, feeBps: -1n })).code).toBe('INVALID_BPS');
  });

  it('conserves every minor unit and earnings never go backwards (random contracts)', () => {
    fc.assert(
      fc.property(contractArb(), ({ segments, clock, refunded, nowA, nowB, feeBps }) => {
        const [early, late] = nowA <= nowB ? [nowA, nowB] : [nowB, nowA];
        const a = settlement({ segments, clock, now: at(early), refunded, feeBps });
        const b = settlement({ segments, clock, now: at(late), refunded, feeBps });
        for (const s of [a, b]) {
          const total =
            s.earned.amount + s.platformFee.amount + s.refundable.amount + s.refunded.amount;
          expect(total).toBe(paidTotal(segments).amount);
          expect(s.earned.amount >= 0n && s.platformFee.amount >= 0n).toBe(true);
        }
        expect(b.earned.amount >= a.earned.amount).toBe(true);
        expect(b.consumed.amount >= a.consumed.amount).toBe(true);
      }),
    );
  });
});
