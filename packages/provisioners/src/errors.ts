/** Why a provisioner call failed, as a stable code (spec: agent-protocol.md §5). */
export const PROVISIONER_ERROR_CODES = [
  'invalid_config',
  'invalid_request',
  'quota_exceeded',
  'capacity_unavailable',
  'rate_limited',
  'auth_failed',
  'timeout',
  'not_found',
  'conflict',
  'upstream_error',
  'network_error',
  'aborted',
  'script_error',
] as const;

/** A provisioner error code. */
export type ProvisionerErrorCode = (typeof PROVISIONER_ERROR_CODES)[number];

// Codes a later attempt may fix by itself; everything else needs a person.
const RETRYABLE_BY_DEFAULT: ReadonlySet<ProvisionerErrorCode> = new Set([
  'rate_limited',
  'timeout',
  'upstream_error',
  'network_error',
  'capacity_unavailable',
  'conflict',
]);

/** Options of {@link ProvisionerError}. */
export interface ProvisionerErrorOptions {
  /** Overrides the code's default. */
  readonly retryable?: boolean;
  /** The failure underneath (an HTTP error, a script's stderr...); never holds a secret. */
  readonly cause?: unknown;
  /** How long to wait before retrying, when the cloud said (Retry-After, rate-limit reset). */
  readonly retryAfterMs?: number;
  /** The cloud's own error code, e.g. Hetzner `resource_limit_exceeded`. */
  readonly upstreamCode?: string;
}

/**
 * The one error type every provisioner throws. `retryable` tells the agent whether to put the
 * job back on the queue (the contract stays `accepted`) or report a final failure.
 */
export class ProvisionerError extends Error {
  override readonly name = 'ProvisionerError';
  readonly code: ProvisionerErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly upstreamCode: string | undefined;

  constructor(code: ProvisionerErrorCode, message: string, options: ProvisionerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
    this.retryAfterMs = options.retryAfterMs;
    this.upstreamCode = options.upstreamCode;
  }
}

/** True for a {@link ProvisionerError}, also across package copies. */
export function isProvisionerError(value: unknown): value is ProvisionerError {
  return (
    value instanceof ProvisionerError ||
    (value instanceof Error && value.name === 'ProvisionerError' && 'retryable' in value)
  );
}
