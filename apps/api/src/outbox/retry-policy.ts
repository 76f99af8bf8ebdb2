/**
 * How an outbox retries a failed send: exponential backoff from `firstDelayMs`, doubling per
 * failed attempt up to `maxDelayMs`, and giving up after `maxAttempts` attempts.
 */
export interface RetryPolicy {
  /** The wait after the first failed attempt. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * Wait a random 50-100 % of the delay, so rows that failed together (a receiver's outage) do
   * not all retry in the same second.
   */
  readonly jitter: boolean;
  /** After this many attempts a row that keeps failing is given up on. */
  readonly maxAttempts: number;
}

/** The backoff before the retry that follows failed attempt `attempt` (1-based). */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.firstDelayMs * 2 ** Math.max(0, attempt - 1), policy.maxDelayMs);
  return policy.jitter ? Math.round(base * (0.5 + random() * 0.5)) : base;
}

/** What to do with a row whose attempt number `attempts` (1-based) failed. */
export interface AfterFailure {
  /** The attempts are used up: the row is given up on (`failed`). */
  readonly giveUp: boolean;
  /** When the row is due again if it is retried. */
  readonly retryAt: Date;
}

/**
 * The decision after failed attempt `attempts`: give up once `maxAttempts` are used, else retry
 * after the backoff, or after `atLeastMs` when the receiver asked for a longer wait (a 429's
 * Retry-After).
 */
export function afterFailure(
  policy: RetryPolicy,
  attempts: number,
  now: Date,
  options: {
    readonly random?: (() => number) | undefined;
    readonly atLeastMs?: number | undefined;
  } = {},
): AfterFailure {
  const delay = Math.max(options.atLeastMs ?? 0, retryDelayMs(policy, attempts, options.random));
  return {
    giveUp: attempts >= policy.maxAttempts,
    retryAt: new Date(now.getTime() + delay),
  };
}
