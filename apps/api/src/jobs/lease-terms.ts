/** How long a lease lasts; the agent renews it while work continues (spec: 60 s). */
export const LEASE_MS = 60_000;

/** Most a retried job waits before it is offered again. */
const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * When a job that failed retryably becomes available again: 10 s after the first failure,
 * doubling per attempt, at most 5 minutes, so a struggling cloud API is not hammered.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, 10_000 * 2 ** Math.max(0, attempt - 1));
}
