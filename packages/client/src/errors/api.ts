import type { FieldIssue, Problem } from '../schemas/problem';
import { DcError } from './base';

/** The API answered with a problem document (any 4xx/5xx). */
export class ApiError extends DcError {
  override name = 'ApiError';
  readonly status: number;
  /** Stable machine-readable code from the problem document, e.g. `validation_failed`. */
  readonly code: string;
  readonly problem: Problem;
  readonly requestId: string | undefined;

  constructor(problem: Problem, cause?: unknown) {
    super(problem.title, {
      details: [problem.detail, ...(problem.errors ?? []).map((e) => `${e.path}: ${e.message}`)]
        .filter(Boolean)
        .join('; '),
      docsPath: problem.type.startsWith('http') ? problem.type : undefined,
      cause,
    });
    this.status = problem.status;
    this.code = problem.code;
    this.problem = problem;
    this.requestId = problem.request_id;
  }
}

/** 400/422: the input was refused; `errors` names each field and what is allowed. */
export class ValidationError extends ApiError {
  override name = 'ValidationError';
  get errors(): readonly FieldIssue[] {
    return this.problem.errors ?? [];
  }
}

/** 401: missing, stale, replayed or bad signature, or an unknown/expired/revoked token. */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

/** 403: authenticated, but this account, role or token scope may not do this. */
export class ForbiddenError extends ApiError {
  override name = 'ForbiddenError';
}

/** 404: no such resource, or not one the caller may see. */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** 409: conflicts with the current state (a taken username, a duplicate slug, the last key). */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

/** 429: too many requests; wait `retryAfterSeconds`. */
export class RateLimitedError extends ApiError {
  override name = 'RateLimitedError';
  get retryAfterSeconds(): number | undefined {
    return this.problem.retry_after;
  }
}

/** 5xx: the server failed; safe to retry for idempotent operations. */
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/** Maps a problem document to the most specific error class. */
export function errorFromProblem(problem: Problem): ApiError {
  const { status } = problem;
  if (status === 400 || status === 422) return new ValidationError(problem);
  if (status === 401) return new AuthenticationError(problem);
  if (status === 403) return new ForbiddenError(problem);
  if (status === 404) return new NotFoundError(problem);
  if (status === 409) return new ConflictError(problem);
  if (status === 429) return new RateLimitedError(problem);
  if (status >= 500) return new ServerError(problem);
  return new ApiError(problem);
}
