import { bench, describe } from 'vitest';
import { money, proratedRefund, type Segment, segmentFor, type TermClock } from '../src/index';

const t0 = new Date('2025-03-01T00:00:00Z');
const now = new Date(t0.getTime() + 1_000 * 3_600_000);
const clock: TermClock = {
  start: t0,
  pausedMillis: 24n * 3_600_000n,
  pausedSince: null,
  endedAt: null,
};
const refunded = money(0n, 'USD');
const one: Segment[] = [segmentFor(money(123_456n, 'USD'), 720n)];
const five: Segment[] = [720n, 168n, 72n, 720n, 24n].map((hours) =>
  segmentFor(money(123_456n, 'USD'), hours),
);

// The arithmetic floor: one multiply and one divide of the same magnitudes as a segment's
// refund, with nothing else. The ratio to it is the cost of validation and bookkeeping.
let amount = 123_456n;
let sink = 0n;
const length = 720n * 3_600_000n;

describe('proratedRefund', () => {
  bench('baseline: one bigint multiply + divide', () => {
    amount += 1n;
    sink += (amount * (length - 3_600_000_000n)) / length;
  });

  bench('proratedRefund, 1 segment', () => {
    proratedRefund({ segments: one, clock, now, refunded });
  });

  bench('proratedRefund, 5 segments', () => {
    proratedRefund({ segments: five, clock, now, refunded });
  });
});

export { sink };
