import { describe, expect, it } from 'vitest';
import { afterFailure, type RetryPolicy, retryDelayMs } from '../../src/outbox/retry-policy';

const MAIL: RetryPolicy = {
  firstDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  jitter: false,
  maxAttempts: 12,
};

describe('the outbox retry policy', () => {
  it('doubles the delay per failed attempt up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(MAIL, attempt))).toEqual([
      30_000, 60_000, 120_000, 240_000,
    ]);
    expect(retryDelayMs(MAIL, 11)).toBe(6 * 3_600_000);
  });

  it('waits a random 50-100 % of the delay with jitter', () => {
    const jittered = { ...MAIL, jitter: true };
    expect(retryDelayMs(jittered, 2, () => 0)).toBe(30_000);
    expect(retryDelayMs(jittered, 2, () => 0.999_999)).toBe(60_000);
  });

  it('gives up once the attempts are used, and honours a longer wait the receiver asked for', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(afterFailure(MAIL, 11, now).giveUp).toBe(false);
    expect(afterFailure(MAIL, 12, now).giveUp).toBe(true);
    expect(afterFailure(MAIL, 1, now).retryAt.getTime() - now.getTime()).toBe(30_000);
    const asked = afterFailure(MAIL, 1, now, { atLeastMs: 90_000 });
    expect(asked.retryAt.getTime() - now.getTime()).toBe(90_000);
  });
});
