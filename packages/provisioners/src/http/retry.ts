import { ProvisionerError } from '../errors';

/** How hard to try again. */
export interface RetryPolicy {
  /** Attempts after the first (default 4). */
  readonly retries?: number;
  /** First backoff in ms (default 500), doubled each time, full jitter. */
  readonly baseDelayMs?: number;
  /** Longest single wait, also for a server-requested one (default 30 000). */
  readonly maxDelayMs?: number;
  /** Source of randomness in [0, 1), for tests. */
  readonly random?: () => number;
  /** How to wait, for tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Waits `ms`, or rejects with an `aborted` ProvisionerError when `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(signal?: AbortSignal): ProvisionerError {
  return new ProvisionerError('aborted', 'operation aborted', {
    retryable: true,
    cause: signal?.reason,
  });
}

/**
 * Runs `operation` and retries it while it fails with a retryable `ProvisionerError`, waiting
 * the server-requested time (`retryAfterMs`) when given, else exponential backoff with full
 * jitter (so many agents hitting a limit at once spread out). Non-retryable errors and aborts
 * are thrown at once.
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  policy: RetryPolicy = {},
  signal?: AbortSignal,
  shouldRetry: (error: ProvisionerError) => boolean = () => true,
): Promise<T> {
  const retries = policy.retries ?? 4;
  const base = policy.baseDelayMs ?? 500;
  const max = policy.maxDelayMs ?? 30_000;
  const random = policy.random ?? Math.random;
  const wait = policy.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (
        !(error instanceof ProvisionerError) ||
        !error.retryable ||
        error.code === 'aborted' ||
        attempt >= retries ||
        !shouldRetry(error)
      ) {
        throw error;
      }
      const backoff = random() * Math.min(max, base * 2 ** attempt);
      await wait(Math.min(max, error.retryAfterMs ?? backoff), signal);
    }
  }
}

/**
 * When to retry, from a response's headers: `Retry-After` (seconds or an HTTP date), else
 * `RateLimit-Reset` / `X-RateLimit-Reset` / `X-Rate-Limit-Reset`, which clouds send either as
 * delta seconds or as a Unix timestamp (Hetzner, DigitalOcean); values above 10^9 are taken as
 * timestamps.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  for (const name of ['ratelimit-reset', 'x-ratelimit-reset', 'x-rate-limit-reset']) {
    const value = Number(headers.get(name));
    if (headers.get(name) === null || !Number.isFinite(value)) continue;
    return Math.max(0, value > 1e9 ? value * 1000 - now : value * 1000);
  }
  return undefined;
}
