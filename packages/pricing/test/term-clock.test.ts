import { describe, expect, it } from 'vitest';
import { money, segmentFor, type TermClock, termEnd, usedMillis } from '../src/index';
import { pricingError } from './expect-error';

const H = 3_600_000;
const t0 = new Date('2025-03-01T00:00:00Z');
const plus = (hours: number) => new Date(t0.getTime() + hours * H);
const running: TermClock = { start: t0, pausedMillis: 0n, pausedSince: null, endedAt: null };
const month = [segmentFor(money(1000n, 'USD'), 720n)];

describe('usedMillis', () => {
  it('is zero before delivery: the term starts at delivery, not at creation', () => {
    const notDelivered: TermClock = { ...running, start: null };
    expect(usedMillis(notDelivered, plus(500))).toBe(0n);
  });

  it('counts from delivery and never goes negative', () => {
    expect(usedMillis(running, plus(100))).toBe(100n * 3_600_000n);
    expect(usedMillis(running, plus(-5))).toBe(0n);
  });

  it('does not count completed pauses', () => {
    const clock = { ...running, pausedMillis: 24n * 3_600_000n };
    expect(usedMillis(clock, plus(100))).toBe(76n * 3_600_000n);
  });

  it('stops while a pause is open, and resumes counting only after it', () => {
    const paused = { ...running, pausedSince: plus(50) };
    expect(usedMillis(paused, plus(40))).toBe(40n * 3_600_000n);
    expect(usedMillis(paused, plus(50))).toBe(50n * 3_600_000n);
    expect(usedMillis(paused, plus(300))).toBe(50n * 3_600_000n);
  });

  it('stops at endedAt: time after cancellation is not consumed', () => {
    const ended = { ...running, endedAt: plus(100) };
    expect(usedMillis(ended, plus(100))).toBe(100n * 3_600_000n);
    expect(usedMillis(ended, plus(5000))).toBe(100n * 3_600_000n);
  });

  it('rejects inconsistent clocks and invalid dates', () => {
    expect(pricingError(() => usedMillis({ ...running, pausedMillis: -1n }, t0)).code).toBe(
      'INVALID_CLOCK',
    );
    expect(
      pricingError(() => usedMillis({ ...running, pausedSince: plus(-1) }, plus(5))).code,
    ).toBe('INVALID_CLOCK');
    expect(pricingError(() => usedMillis({ ...running, endedAt: plus(-1) }, plus(5))).code).toBe(
      'INVALID_CLOCK',
    );
    expect(
      pricingError(() => usedMillis({ ...running, start: null, pausedMillis: 5n }, t0)).code,
    ).toBe('INVALID_CLOCK');
    expect(() => usedMillis(running, new Date('nope'))).toThrow(
      new TypeError('"now" is an Invalid Date'),
    );
    expect(() => usedMillis(running, 5 as unknown as Date)).toThrow(TypeError);
  });
});

describe('termEnd', () => {
  it('is null before delivery', () => {
    expect(termEnd({ ...running, start: null }, month)).toBeNull();
  });

  it('is start plus paid hours', () => {
    expect(termEnd(running, month)).toEqual(plus(720));
  });

  it('an extension moves the end by its hours, without overlap or double billing', () => {
    const extended = [...month, segmentFor(money(1000n, 'USD'), 72n)];
    expect(termEnd(running, extended)).toEqual(plus(792));
  });

  it('paused time moves the end (it is not billed)', () => {
    expect(termEnd({ ...running, pausedMillis: 24n * 3_600_000n }, month)).toEqual(plus(744));
  });

  it('an open pause counts up to now when given, not at all otherwise', () => {
    const paused = { ...running, pausedSince: plus(100) };
    expect(termEnd(paused, month)).toEqual(plus(720));
    expect(termEnd(paused, month, plus(130))).toEqual(plus(750));
    expect(termEnd({ ...paused, endedAt: plus(110) }, month, plus(130))).toEqual(plus(730));
  });
});
