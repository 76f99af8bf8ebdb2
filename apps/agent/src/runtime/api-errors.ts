import {
  ApiError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  ResponseShapeError,
  ServerError,
} from '@dc/client/agent';

/** Delegation problems after which the API hands this agent's leases to others. */
const DELEGATION_GONE = new Set(['delegation_revoked', 'delegation_expired']);

/**
 * The API could not answer now but may later: no connection, a timeout, 5xx, 429, 408, or a
 * proxy's error page. The caller backs off and tries again; the agent keeps running.
 */
export function isApiOutage(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  if (error instanceof ServerError || error instanceof RateLimitedError) return true;
  if (error instanceof ApiError && error.status === 408) return true;
  return error instanceof ResponseShapeError && (error.status >= 500 || error.status === 0);
}

/**
 * The API refuses this agent itself: unknown, revoked or expired key, a signature out of its
 * clock window, a missing permission. Nothing the agent retries fixes it; an operator must.
 */
export function isAgentRefused(error: unknown): boolean {
  return error instanceof AuthenticationError || error instanceof ForbiddenError;
}

/**
 * The job is no longer this agent's to work on: the lease was superseded (409 `stale_lease`),
 * the job vanished (404), or the delegation is gone (its leases were handed over). The work
 * stops and nothing more is reported.
 */
export function isLeaseLost(error: unknown): boolean {
  if (error instanceof ConflictError) return error.code === 'stale_lease';
  if (error instanceof NotFoundError) return true;
  if (error instanceof ForbiddenError) return true;
  return error instanceof AuthenticationError && DELEGATION_GONE.has(error.code);
}

/** A one-line description of an API error for logs and events (problem documents hold no secrets). */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiError) {
    return `${error.status} ${error.code}: ${error.problem.detail ?? error.shortMessage}`;
  }
  if (error instanceof NetworkError) return `${error.shortMessage} ${error.details ?? ''}`.trim();
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}
