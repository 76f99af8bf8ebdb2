import type { FieldIssue } from '@dc/client';

/** Base URL of the problem type documentation; `type` is this plus the code. */
export const PROBLEM_TYPE_BASE = 'https://docs.decent-cloud.example/problems/';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Authentication required',
  402: 'Payment required',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Validation failed',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** Options of {@link HttpProblem}. */
export interface ProblemOptions {
  readonly title?: string;
  readonly errors?: readonly FieldIssue[];
  readonly retryAfter?: number;
  readonly cause?: unknown;
}

/**
 * An error that becomes an RFC 9457 problem response. `code` is stable API; `detail` tells the
 * caller what to change. Throw it from any handler or middleware.
 */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: readonly FieldIssue[] | undefined;
  readonly retryAfter: number | undefined;

  constructor(status: number, code: string, detail: string, options: ProblemOptions = {}) {
    super(detail, options.cause === undefined ? {} : { cause: options.cause });
    this.status = status;
    this.code = code;
    this.title = options.title ?? TITLES[status] ?? 'Error';
    this.errors = options.errors;
    this.retryAfter = options.retryAfter;
  }

  /** The problem document. */
  toJSON(requestId: string | undefined, instance: string | undefined) {
    return {
      type: PROBLEM_TYPE_BASE + this.code,
      title: this.title,
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(instance === undefined ? {} : { instance }),
      ...(requestId === undefined ? {} : { request_id: requestId }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
      ...(this.retryAfter === undefined ? {} : { retry_after: this.retryAfter }),
    };
  }
}

export const notFound = (what: string) => new HttpProblem(404, 'not_found', `${what} not found.`);
export const forbidden = (code: string, detail: string) => new HttpProblem(403, code, detail);
export const conflict = (code: string, detail: string, errors?: readonly FieldIssue[]) =>
  new HttpProblem(409, code, detail, errors ? { errors } : {});
export const validationFailed = (errors: readonly FieldIssue[], status: 400 | 422 = 422) =>
  new HttpProblem(
    status,
    status === 422 ? 'validation_failed' : 'invalid_parameter',
    errors.map((issue) => `${issue.path}: ${issue.message}`).join('; '),
    { errors },
  );
