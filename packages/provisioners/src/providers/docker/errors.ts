import { ProvisionerError, type ProvisionerErrorCode } from '../../errors';

interface Classified {
  readonly code: ProvisionerErrorCode;
  readonly retryable?: boolean;
}

// The Engine answers 500 for most daemon-side failures. Some are deterministic (the image's
// entrypoint cannot run, the disk is full) and retrying the same call cannot fix them.
const PERMANENT_500 =
  /OCI runtime|failed to create task|executable file not found|exec format error|invalid mount config/i;
const PORT_TAKEN = /port is already allocated|address already in use|all ports are allocated/i;
const NO_SPACE = /no space left on device/i;

/**
 * Maps an Engine error answer (`{"message": "..."}`) to a ProvisionerError code. The Engine's
 * message is kept in the error's message: it names the container, image or port at fault.
 */
export function classifyDockerStatus(status: number, message: string): Classified {
  if (status === 400) return { code: 'invalid_request' };
  if (status === 401 || status === 403) return { code: 'auth_failed' };
  if (status === 404) return { code: 'not_found' };
  if (status === 409) return { code: 'conflict', retryable: false };
  if (status === 429) return { code: 'rate_limited' };
  if (PORT_TAKEN.test(message)) return { code: 'capacity_unavailable' };
  if (NO_SPACE.test(message)) return { code: 'capacity_unavailable', retryable: false };
  if (PERMANENT_500.test(message)) return { code: 'upstream_error', retryable: false };
  return { code: 'upstream_error' };
}

/** A ProvisionerError for a failed Engine call. */
export function dockerError(
  method: string,
  path: string,
  status: number,
  message: string,
): ProvisionerError {
  const classified = classifyDockerStatus(status, message);
  return new ProvisionerError(
    classified.code,
    `Docker ${method} ${path} answered ${status}: ${message}`,
    {
      ...(classified.retryable !== undefined ? { retryable: classified.retryable } : {}),
    },
  );
}

/**
 * Maps the error line ending a pull stream (`{"errorDetail": {"message": ...}}`) to a
 * ProvisionerError: a wrong image name is the provider's config, a registry limit passes.
 */
export function pullError(image: string, message: string): ProvisionerError {
  const text = `pulling ${image} failed: ${message}`;
  if (/toomanyrequests|rate limit/i.test(message))
    return new ProvisionerError('rate_limited', text);
  if (
    /repository does not exist|manifest unknown|not found|invalid reference format/i.test(message)
  ) {
    return new ProvisionerError(
      'invalid_config',
      `${text} (check the image name in the docker config)`,
    );
  }
  if (/unauthorized|authentication required|denied/i.test(message))
    return new ProvisionerError('auth_failed', text);
  if (NO_SPACE.test(message))
    return new ProvisionerError('capacity_unavailable', text, { retryable: false });
  return new ProvisionerError('upstream_error', text);
}

/**
 * Maps a socket-level failure (no Engine listening, no permission) to a ProvisionerError that
 * says what to check.
 */
export function socketError(
  socketPath: string,
  method: string,
  path: string,
  error: unknown,
): ProvisionerError {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EACCES' || code === 'EPERM') {
    return new ProvisionerError(
      'auth_failed',
      `permission denied on the Docker socket ${socketPath}: run the agent as a user in the docker group`,
      { cause: error },
    );
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    return new ProvisionerError(
      'network_error',
      `no Docker Engine at ${socketPath} (${code}): is Docker running and is socketPath right?`,
      { cause: error, retryable: true },
    );
  }
  return new ProvisionerError(
    'network_error',
    `Docker ${method} ${path}: ${String((error as Error)?.message ?? error)}`,
    {
      cause: error,
      retryable: true,
    },
  );
}
