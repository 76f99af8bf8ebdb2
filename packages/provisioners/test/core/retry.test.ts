import { describe, expect, it } from 'vitest';
import { ProvisionerError, retryAfterMs, withRetry } from '../../src/index';

const noWait = { sleep: async () => {}, random: () => 0.5 };

describe('withRetry', () => {
  it('retries retryable failures and returns the first success', async () => {
    let calls = 0;
    const result = await withRetry(async () => {
      calls++;
      if (calls < 3) throw new ProvisionerError('upstream_error', 'boom');
      return 'ok';
    }, noWait);
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('throws non-retryable errors at once', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new ProvisionerError('auth_failed', 'bad token');
      }, noWait),
    ).rejects.toMatchObject({ code: 'auth_failed' });
    expect(calls).toBe(1);
  });

  it('gives up after the configured retries', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new ProvisionerError('rate_limited', 'slow down');
        },
        { ...noWait, retries: 2 },
      ),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    expect(calls).toBe(3);
  });

  it('waits what the server asked, else jittered exponential backoff capped at maxDelayMs', async () => {
    const waits: number[] = [];
    const policy = {
      retries: 4,
      baseDelayMs: 100,
      maxDelayMs: 350,
      random: () => 1,
      sleep: async (ms: number) => void waits.push(ms),
    };
    let calls = 0;
    await withRetry(async () => {
      calls++;
      if (calls === 1) throw new ProvisionerError('rate_limited', 'x', { retryAfterMs: 2000 });
      if (calls < 5) throw new ProvisionerError('upstream_error', 'x');
      return 1;
    }, policy);
    expect(waits).toEqual([350, 200, 350, 350]);
  });

  it('spreads waits with full jitter', async () => {
    const waits: number[] = [];
    let r = 0;
    const policy = {
      retries: 3,
      baseDelayMs: 1000,
      random: () => [0.1, 0.5, 0.9][r++] ?? 0,
      sleep: async (ms: number) => void waits.push(ms),
    };
    await withRetry(async (attempt) => {
      if (attempt < 3) throw new ProvisionerError('network_error', 'x');
      return 1;
    }, policy);
    expect(waits).toEqual([100, 1000, 3600]);
  });

  it('stops waiting when aborted', async () => {
    const controller = new AbortController();
    const pending = withRetry(
      async () => {
        throw new ProvisionerError('upstream_error', 'x');
      },
      { baseDelayMs: 60_000, random: () => 1 },
      controller.signal,
    );
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('retryAfterMs', () => {
  const now = 1_700_000_000_000;
  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), now)).toBe(3000);
    expect(
      retryAfterMs(new Headers({ 'retry-after': new Date(now + 5000).toUTCString() }), now),
    ).toBe(5000);
  });
  it('reads RateLimit-Reset as a Unix timestamp (Hetzner, DigitalOcean) or delta seconds', () => {
    expect(retryAfterMs(new Headers({ 'ratelimit-reset': String(now / 1000 + 7) }), now)).toBe(
      7000,
    );
    expect(retryAfterMs(new Headers({ 'x-ratelimit-reset': '2' }), now)).toBe(2000);
  });
  it('is undefined without any of them', () => {
    expect(retryAfterMs(new Headers(), now)).toBeUndefined();
  });
});
