import { ProvisionerError, type ProvisionerErrorCode } from '../../errors';
import { retryAfterMs } from '../../http/retry';

/**
 * Hetzner Cloud error codes (`error.code` of an error response) -> provisioner error codes.
 * Codes not listed fall back to the HTTP status.
 */
const CODE_MAP: Readonly<Record<string, ProvisionerErrorCode>> = {
  unauthorized: 'auth_failed',
  forbidden: 'auth_failed',
  token_readonly: 'auth_failed',
  rate_limit_exceeded: 'rate_limited',
  resource_limit_exceeded: 'quota_exceeded',
  resource_unavailable: 'capacity_unavailable',
  placement_error: 'capacity_unavailable',
  uniqueness_error: 'conflict',
  conflict: 'conflict',
  // An action is already running on the resource: wait and try again.
  locked: 'conflict',
  invalid_input: 'invalid_request',
  json_error: 'invalid_request',
  unsupported_error: 'invalid_request',
  protected: 'invalid_request',
  not_found: 'not_found',
  server_error: 'upstream_error',
  service_error: 'upstream_error',
  unavailable: 'upstream_error',
  maintenance: 'upstream_error',
  timeout: 'timeout',
};

/** The `{ error: { code, message, details } }` of a Hetzner error response, if the body is one. */
export function hetznerErrorOf(
  body: unknown,
): { code: string; message: string; details?: unknown } | undefined {
  if (typeof body !== 'object' || body === null || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, message, details } = error as Record<string, unknown>;
  if (typeof code !== 'string') return undefined;
  return { code, message: typeof message === 'string' ? message : code, details };
}

/**
 * The `classify` hook of `createHttpClient` for Hetzner: maps the error code and adds the
 * fields Hetzner names in `details.fields` to the message, so a provider sees which input
 * was refused.
 */
export function classifyHetznerError(
  status: number,
  body: unknown,
): { code: ProvisionerErrorCode; upstreamCode?: string; message?: string } | undefined {
  const error = hetznerErrorOf(body);
  if (error === undefined) return undefined;
  // Own entries only: a code such as "constructor" must not find Object.prototype's.
  const code =
    (Object.hasOwn(CODE_MAP, error.code) ? CODE_MAP[error.code] : undefined) ?? statusCode(status);
  return {
    code,
    upstreamCode: error.code,
    message: `${error.code}: ${error.message}${fieldsOf(error.details)}`,
  };
}

function fieldsOf(details: unknown): string {
  if (typeof details !== 'object' || details === null || !('fields' in details)) return '';
  const fields = (details as { fields: unknown }).fields;
  if (!Array.isArray(fields)) return '';
  const parts = fields
    .filter(
      (f): f is { name: string; messages?: unknown } =>
        typeof f === 'object' && f !== null && typeof (f as { name?: unknown }).name === 'string',
    )
    .map((f) =>
      Array.isArray(f.messages) && f.messages.length > 0
        ? `${f.name} (${f.messages.map(String).join(', ')})`
        : f.name,
    );
  return parts.length > 0 ? ` [fields: ${parts.join('; ')}]` : '';
}

/** The generic status mapping, for bodies without a Hetzner error code. */
export function statusCode(status: number): ProvisionerErrorCode {
  if (status === 401 || status === 403) return 'auth_failed';
  if (status === 404) return 'not_found';
  if (status === 409 || status === 423) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status === 504) return 'timeout';
  if (status >= 500) return 'upstream_error';
  return 'invalid_request';
}

/**
 * How long to wait before retrying a failed Hetzner response. Hetzner sends `RateLimit-Reset`
 * on every response, as the time the request bucket is full again; only after a 429 is
 * waiting for it right. Any other error retries on the normal backoff.
 */
export function hetznerRetryAfterMs(status: number, headers: Headers): number | undefined {
  return status === 429 ? retryAfterMs(headers) : undefined;
}

/** Builds the error for a failed Hetzner response (used for calls made through hcloud-js). */
export function hetznerResponseError(
  what: string,
  status: number,
  body: unknown,
  retryAfterMs: number | undefined,
): ProvisionerError {
  const classified = classifyHetznerError(status, body);
  const code = classified?.code ?? statusCode(status);
  return new ProvisionerError(
    code,
    `${what} answered ${status}${classified?.message ? `: ${classified.message}` : ''}`,
    {
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      ...(classified?.upstreamCode ? { upstreamCode: classified.upstreamCode } : {}),
    },
  );
}

/** Wraps anything thrown into a `ProvisionerError` (non-provisioner errors become `upstream_error`). */
export function asProvisionerError(error: unknown, what: string): ProvisionerError {
  if (error instanceof ProvisionerError) return error;
  return new ProvisionerError(
    'upstream_error',
    `${what}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
