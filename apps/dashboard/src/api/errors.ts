import { ApiError, DcError, ValidationError } from '@dc/client';

/** What to tell the user about a failed call: the API's own detail and field errors. */
export function errorMessage(error: unknown): string {
  if (error instanceof ValidationError && error.errors.length > 0) {
    const fields = error.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return `${error.problem.detail ?? error.shortMessage} (${fields})`;
  }
  if (error instanceof ApiError) return error.problem.detail ?? error.shortMessage;
  if (error instanceof DcError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** True when the API says no account holds the signing key yet (401 `unknown_key`). */
export function isUnregisteredKey(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'unknown_key' || error.status === 404);
}

/** A fresh idempotency key for a money-moving request (one per user action, reused on retry). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}

/** True when the API answered 404 (e.g. no feedback given yet). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
