// fast-check generators shared by the property tests: contracts with 1..5 segments, term
// clocks with pauses, instants around the term, and prior refunds within what was paid.

import fc from 'fast-check';
import { type Money, money, type Segment, type TermClock } from '../src/index';

export const HOUR = 3_600_000n;
export const T0 = Date.UTC(2025, 0, 1);

export function at(millis: bigint): Date {
  return new Date(T0 + Number(millis));
}

export function segmentsArb(currency = 'USD'): fc.Arbitrary<Segment[]> {
  return fc.array(
    fc.record({
      hours: fc.bigInt({ min: 1n, max: 10_000n }),
      amount: fc.bigInt({ min: 0n, max: 1_000_000_000_000n }).map((a) => money(a, currency)),
    }),
    { minLength: 1, maxLength: 5 },
  );
}

export function totalHours(segments: readonly Segment[]): bigint {
  return segments.reduce((total, s) => total + s.hours, 0n);
}

/** A clock relative to T0 (offsets in ms); start may be null (not delivered). */
export function clockArb(spanMillis: bigint): fc.Arbitrary<TermClock> {
  const offset = fc.bigInt({ min: 0n, max: spanMillis });
  return fc.oneof(
    {
      weight: 1,
      arbitrary: fc.constant<TermClock>({
        start: null,
        pausedMillis: 0n,
        pausedSince: null,
        endedAt: null,
      }),
    },
    {
      weight: 6,
      arbitrary: fc
        .record({
          pausedMillis: fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: spanMillis })),
          openPause: fc.option(offset, { nil: null }),
          end: fc.option(offset, { nil: null }),
        })
        .map(({ pausedMillis, openPause, end }) => ({
          start: at(0n),
          pausedMillis,
          pausedSince: openPause === null ? null : at(openPause),
          endedAt: end === null ? null : at(end),
        })),
    },
  );
}

/** A whole contract: segments, a clock, and a prior refund within [0, paid]. */
export function contractArb(currency = 'USD') {
  return segmentsArb(currency).chain((segments) => {
    const span = totalHours(segments) * HOUR * 2n;
    const paid = segments.reduce((t, s) => t + s.amount.amount, 0n);
    return fc.record({
      segments: fc.constant(segments),
      clock: clockArb(span),
      refunded: fc
        .oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: paid }))
        .map((r): Money => money(r, currency)),
      // Instants from a day before delivery to well after the paid term.
      nowA: fc.bigInt({ min: -24n * HOUR, max: span }),
      nowB: fc.bigInt({ min: -24n * HOUR, max: span }),
      feeBps: fc.bigInt({ min: 0n, max: 10_000n }),
    });
  });
}
