import { isProvisionerError, ProvisionerError, type ProvisionerErrorCode } from '../../errors';

/** Our names for Proxmox failures, kept as `ProvisionerError.upstreamCode`. */
export type ProxmoxUpstreamCode =
  | 'does_not_exist'
  | 'already_exists'
  | 'agent_not_running'
  | 'vm_not_running'
  | 'locked'
  | 'no_capacity'
  | 'unknown_storage'
  | 'unknown_node'
  | 'node_unreachable'
  | 'parameter_error'
  | 'permission_denied'
  | 'token_rejected'
  | 'not_implemented'
  | 'tls_verification_failed'
  | 'task_failed';

interface Classified {
  code: ProvisionerErrorCode;
  upstreamCode?: ProxmoxUpstreamCode;
  message?: string;
}

// Proxmox reports most failures as HTTP 500 with a free-text message (in the body since PVE 8,
// and in the reason phrase); these patterns are the stable parts of those messages.
const MESSAGE_RULES: ReadonlyArray<readonly [RegExp, ProvisionerErrorCode, ProxmoxUpstreamCode]> = [
  [/storage '[^']*' does not exist|no such storage/i, 'invalid_config', 'unknown_storage'],
  [
    /hostname lookup '[^']*' failed|no such node|node '[^']*' does not exist/i,
    'invalid_config',
    'unknown_node',
  ],
  [
    /guest agent is not running|guest agent.*not available|agent command.*timeout|No QEMU guest agent configured/i,
    'upstream_error',
    'agent_not_running',
  ],
  [/does not exist|no such vm/i, 'not_found', 'does_not_exist'],
  [/already exists/i, 'conflict', 'already_exists'],
  [/VM \d+ (is )?not running/i, 'conflict', 'vm_not_running'],
  [/is locked|can't lock file|got timeout/i, 'conflict', 'locked'],
  [
    /not enough (memory|space)|out of memory|cannot allocate memory|no space left|insufficient/i,
    'capacity_unavailable',
    'no_capacity',
  ],
];

/** Classifies a Proxmox message (an HTTP error or a task's exit status) by its text. */
export function classifyMessage(message: string): Classified | undefined {
  for (const [pattern, code, upstreamCode] of MESSAGE_RULES)
    if (pattern.test(message)) return { code, upstreamCode };
  return undefined;
}

/** The message of an error answer: `message` plus per-parameter `errors`. */
export function errorMessage(body: unknown): string {
  if (typeof body === 'string') return body.trim();
  if (body === null || typeof body !== 'object') return '';
  const { message, errors } = body as { message?: unknown; errors?: unknown };
  const text = typeof message === 'string' ? message.trim() : '';
  if (errors === null || typeof errors !== 'object') return text;
  const details = Object.entries(errors as Record<string, unknown>).map(
    ([field, problem]) => `${field}: ${String(problem).trim()}`,
  );
  return details.length === 0
    ? text
    : `${text || 'Parameter verification failed.'} ${details.join('; ')}`;
}

/**
 * `classify` hook of the HTTP client: Proxmox status + message -> ProvisionerError code.
 * 595/596 are pveproxy's "could not reach the node" answers.
 */
export function classifyProxmoxError(status: number, body: unknown): Classified {
  const message = errorMessage(body);
  if (status === 401) {
    return {
      code: 'auth_failed',
      upstreamCode: 'token_rejected',
      message: `API token rejected${message ? ` (${message})` : ''}; check tokenId and the token secret`,
    };
  }
  if (status === 403) {
    return {
      code: 'auth_failed',
      upstreamCode: 'permission_denied',
      message: `permission denied${message ? ` (${message})` : ''}; grant the token that privilege`,
    };
  }
  if (status === 595 || status === 596) {
    return {
      code: 'upstream_error',
      upstreamCode: 'node_unreachable',
      message: `the API host cannot reach the node${message ? `: ${message}` : ''}`,
    };
  }
  if (status === 400) return { code: 'invalid_request', upstreamCode: 'parameter_error', message };
  if (status === 501)
    return {
      code: 'invalid_request',
      upstreamCode: 'not_implemented',
      message: `${message} (is this Proxmox VE 7 or newer?)`,
    };
  const byText = message ? classifyMessage(message) : undefined;
  if (byText) return { ...byText, message };
  const code: ProvisionerErrorCode =
    status === 404
      ? 'not_found'
      : status === 409
        ? 'conflict'
        : status === 429
          ? 'rate_limited'
          : status >= 500
            ? 'upstream_error'
            : 'invalid_request';
  return message ? { code, message } : { code };
}

/** Whether `error` is a ProvisionerError with this Proxmox upstream code. */
export function hasUpstreamCode(error: unknown, upstreamCode: ProxmoxUpstreamCode): boolean {
  return isProvisionerError(error) && error.upstreamCode === upstreamCode;
}

/** `error` as a ProvisionerError, wrapping anything else as an upstream error. */
export function asProvisionerError(error: unknown, what: string): ProvisionerError {
  if (isProvisionerError(error)) return error;
  return new ProvisionerError(
    'upstream_error',
    `${what}: ${error instanceof Error ? error.message : String(error)}`,
    { cause: error },
  );
}
