import type { FieldIssue } from '../schemas/problem';
import { joinFieldIssues } from '../validation';
import { DcError } from './base';

/** The request never got an answer: DNS, connection refused, TLS, timeout, abort. */
export class NetworkError extends DcError {
  override name = 'NetworkError';
  readonly url: string;
  constructor(url: string, cause: unknown) {
    super(`Could not reach ${url}.`, {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
    this.url = url;
  }
}

/**
 * The server answered, but not with what the operation promises (a proxy's HTML error page, a
 * server of another version). Never silently accepted.
 */
export class ResponseShapeError extends DcError {
  override name = 'ResponseShapeError';
  readonly operationId: string;
  readonly status: number;
  constructor(operationId: string, status: number, details: string, cause?: unknown) {
    super(`Unexpected response to ${operationId} (HTTP ${status}).`, { details, cause });
    this.operationId = operationId;
    this.status = status;
  }
}

/**
 * The caller's parameters do not match the operation's schema; nothing was sent. `errors`
 * names each field at fault, in the same `{ path, message }` form as the API's 422
 * (`ValidationError.errors`), so a form shows either at its field.
 */
export class InvalidParametersError extends DcError {
  override name = 'InvalidParametersError';
  /** Each parameter at fault: a dotted path (`body.ssh_public_keys.1`) and what is wrong. */
  readonly errors: readonly FieldIssue[];
  constructor(operationId: string, errors: readonly FieldIssue[], cause?: unknown) {
    super(`Invalid parameters for ${operationId}.`, {
      details: joinFieldIssues(errors),
      cause,
    });
    this.errors = errors;
  }
}
