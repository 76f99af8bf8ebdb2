// One test per money defect in shared/spec/never-again.md that this package can prevent.

import { describe, expect, it } from 'vitest';
import {
  add,
  computeVat,
  money,
  parseMoney,
  proratedRefund,
  segmentFor,
  type TermClock,
  termEnd,
  toStripeAmount,
} from '../src/index';
import { pricingError } from './expect-error';

const H = 3_600_000;
const t0 = new Date('2025-03-01T00:00:00Z');
const plus = (hours: number) => new Date(t0.getTime() + hours * H);
const usd = (amount: bigint) => money(amount, 'USD');
const delivered: TermClock = { start: t0, pausedMillis: 0n, pausedSince: null, endedAt: null };

describe('never again', () => {
  it('#1 an unpaid extension adds no refund: cancelling refunds only what was paid', () => {
    const paid = [segmentFor(usd(1000n), 720n)];
    const withFreeExtension = [...paid, { hours: 720n, amount: usd(0n) }];
    for (const hours of [0, 100, 700, 720, 1000]) {
      const clock = { ...delivered, endedAt: plus(hours) };
      const args = { clock, now: plus(hours), refunded: usd(0n) };
      expect(proratedRefund({ ...args, segments: withFreeExtension })).toEqual(
        proratedRefund({ ...args, segments: paid }),
      );
    }
  });

  it('#8 the refund cap is the payment being refunded: refunded > paid is refused', () => {
    const segments = [segmentFor(usd(1000n), 720n)];
    expect(
      pricingError(() =>
        proratedRefund({ segments, clock: delivered, now: t0, refunded: usd(5000n) }),
      ).code,
    ).toBe('REFUNDED_EXCEEDS_PAID');
  });

  it('#10 prices are exact decimals: "2.01" is 201 cents, not 200', () => {
    expect(parseMoney('2.01', 'USD').amount).toBe(201n);
    expect(parseMoney('0.29', 'USD').amount).toBe(29n);
  });

  it('#10 cents are not assumed for every currency', () => {
    expect(toStripeAmount(parseMoney('500', 'JPY'))).toBe(500n);
    expect(toStripeAmount(parseMoney('5.12', 'KWD'))).toBe(5120n);
    expect(toStripeAmount(parseMoney('10.00', 'USD'))).toBe(1000n);
  });

  it('#10 a wallet in one currency is never debited 1:1 for another', () => {
    expect(pricingError(() => add(money(100n, 'EUR'), usd(100n))).code).toBe('CURRENCY_MISMATCH');
  });

  it('#11 the paid term starts at delivery: before it nothing is consumed', () => {
    const segments = [segmentFor(usd(1000n), 720n)];
    const undelivered = { ...delivered, start: null };
    expect(
      proratedRefund({ segments, clock: undelivered, now: plus(72), refunded: usd(0n) }),
    ).toEqual(usd(1000n));
    expect(termEnd(undelivered, segments)).toBeNull();
  });

  it('#11 an extension is appended, not overlapped: term end moves by exactly its hours', () => {
    const initial = segmentFor(usd(1000n), 720n);
    const renewal = segmentFor(usd(1000n), 720n);
    expect(termEnd(delivered, [initial, renewal])).toEqual(plus(1440));
  });

  it('#12 VAT is computed from basis points on the net, never from a rounded rate', () => {
    expect(computeVat(usd(199n), 2550n).vat).toEqual(usd(51n));
  });
});
