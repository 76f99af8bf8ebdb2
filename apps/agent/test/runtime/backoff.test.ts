import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay, sleep } from '../../src/runtime/backoff';

const POLICY = { baseMs: 1_000, capMs: 30_000 };

describe('full-jitter backoff', () => {
  it('doubles its ceiling per attempt from the base up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffCeiling(n, POLICY))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('stays at the cap for any number of attempts (no overflow to Infinity or NaN)', () => {
    expect(backoffCeiling(10_000, POLICY)).toBe(30_000);
    expect(backoffDelay(10_000, POLICY, () => 0.999_999)).toBeLessThan(30_000);
  });

  it('draws from the whole range [0, ceiling): never negative, never the ceiling itself', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = backoffCeiling(attempt, POLICY);
      expect(backoffDelay(attempt, POLICY, () => 0)).toBe(0);
      expect(backoffDelay(attempt, POLICY, () => 0.999_999_9)).toBe(ceiling - 1);
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelay(attempt, POLICY);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
        expect(Number.isInteger(delay)).toBe(true);
      }
    }
  });

  it('spreads a fleet that failed together instead of retrying in lock-step', () => {
    const delays = new Set(Array.from({ length: 100 }, () => backoffDelay(5, POLICY)));
    expect(delays.size).toBeGreaterThan(50);
  });

  it('sleep ends at once when its signal aborts, so a stop never waits out a backoff', async () => {
    const controller = new AbortController();
    const slept = sleep(3_600_000, controller.signal);
    controller.abort();
    await expect(slept).resolves.toBeUndefined();
    await expect(sleep(3_600_000, controller.signal)).resolves.toBeUndefined();
  });
});
