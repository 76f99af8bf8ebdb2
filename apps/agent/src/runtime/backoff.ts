/** Exponential backoff bounds. */
export interface BackoffPolicy {
  /** Ceiling of the first delay, ms. */
  readonly baseMs: number;
  /** Largest ceiling, ms. */
  readonly capMs: number;
}

/**
 * "Full jitter" backoff: a delay drawn uniformly from [0, min(cap, base * 2^attempt)). Random
 * over the whole range so a fleet of agents that lost the API at the same moment does not
 * return in lock-step and knock it over again. `attempt` counts from 0.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = backoffCeiling(attempt, policy);
  return Math.floor(random() * ceiling);
}

/** The upper bound of {@link backoffDelay} for `attempt`. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  // 2^attempt overflows to Infinity for huge attempts; min() keeps it at the cap.
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
}

/**
 * Resolves after `ms`, or at once (rejecting nothing) when `signal` aborts: callers check the
 * signal themselves, so a stop never waits out a backoff.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
