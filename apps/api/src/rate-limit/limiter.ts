/** The outcome of counting one request against a bucket. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  readonly retryAfterSeconds: number;
  readonly remaining: number;
}

/**
 * Fixed-window request counters. `memory` suits a single instance (counters die with the
 * process, no database round trip); `database` is shared by every instance behind a load
 * balancer, at the cost of one upsert per request and bucket.
 */
export interface RateLimiter {
  hit(bucket: string, limit: number, windowMs: number, now: number): Promise<RateDecision>;
}

export function decide(
  hits: number,
  limit: number,
  windowStart: number,
  windowMs: number,
  now: number,
): RateDecision {
  return {
    allowed: hits <= limit,
    retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)),
    remaining: Math.max(0, limit - hits),
  };
}
