import {
  ApiError,
  AuthenticationError,
  DcError,
  InvalidParametersError,
  NetworkError,
  ResponseShapeError,
} from '@dc/client/agent';
import { ConfigError, formatIssue } from '../config/errors';
import { KeyFileError } from '../identity/key-file';
import { CliError, EXIT } from './exit';

/** What an agent key that the API does not accept means, and what to do about it. */
const KEY_REFUSED: Readonly<Record<string, string>> = {
  unknown_agent_key:
    'this agent key is not registered; run dc-agent register --token <setup token from the dashboard>',
  delegation_revoked:
    'the provider revoked this agent key; delete the key file and run dc-agent register with a new setup token',
  delegation_expired:
    "this agent key's delegation expired; delete the key file and run dc-agent register with a new setup token",
  delegation_not_yet_valid:
    "this agent key's delegation is not valid yet; check this machine's clock",
  timestamp_out_of_window:
    "the API refused the request's time: this machine's clock is off; sync it (e.g. timedatectl set-ntp true)",
  unknown_key:
    'this agent key is not registered; run dc-agent register --token <setup token from the dashboard>',
};

/**
 * The most precise reason a request got no answer: the deepest cause's message
 * (`connect ECONNREFUSED 127.0.0.1:9` rather than `fetch failed`).
 */
export function networkCause(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  while (current instanceof Error) {
    if (!(current instanceof DcError)) message = current.message;
    const { errors } = current as { errors?: unknown[] };
    current = current.cause ?? (Array.isArray(errors) ? errors[0] : undefined);
  }
  return message;
}

/** One actionable line for an error of `@dc/client` talking to `apiUrl`. */
export function describeApiError(error: unknown, apiUrl: string): string {
  if (error instanceof NetworkError) {
    return `cannot reach ${apiUrl}: ${networkCause(error)}; check api.url in the config and that the API is up`;
  }
  if (error instanceof ApiError) {
    const known = Object.hasOwn(KEY_REFUSED, error.code) ? KEY_REFUSED[error.code] : undefined;
    if (known !== undefined && (error instanceof AuthenticationError || error.status === 403)) {
      return known;
    }
    if (error.code === 'permission_missing') {
      return `${error.problem.detail ?? error.shortMessage}`;
    }
    return `${apiUrl} refused the request (${error.status} ${error.code}): ${error.problem.detail ?? error.shortMessage}`;
  }
  if (error instanceof ResponseShapeError) {
    return `${apiUrl} answered something that is not the Decent Cloud API (HTTP ${error.status}); check api.url`;
  }
  if (error instanceof InvalidParametersError || error instanceof DcError) {
    return `${error.shortMessage} ${error.details ?? ''}`.trim();
  }
  return error instanceof Error ? error.message : String(error);
}

/** Turns any error of a command into a {@link CliError} with its exit code. */
export function toCliError(error: unknown, apiUrl?: string): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof ConfigError) {
    const [first, ...rest] = error.issues.map(formatIssue);
    return new CliError(
      `${error.file}: ${first ?? 'invalid'}`,
      EXIT.usage,
      rest.map((line) => `${error.file}: ${line}`),
    );
  }
  if (error instanceof KeyFileError) return new CliError(error.message, EXIT.failure);
  if (error instanceof DcError) return new CliError(describeApiError(error, apiUrl ?? 'the API'));
  return new CliError(error instanceof Error ? error.message : String(error));
}
