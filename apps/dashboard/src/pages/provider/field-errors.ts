import { ValidationError } from '@dc/client';

/** Error messages by field path (`price_per_month`, `instance.ipv4`), as the form shows them. */
export type FieldErrors = Readonly<Record<string, string>>;

/**
 * The API's 422 field errors keyed by path without the `body.` root, so a form can show each
 * one next to its input. Anything else (a conflict, a network failure) is not a field error.
 */
export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ValidationError)) return {};
  const errors: Record<string, string> = {};
  for (const issue of error.errors) {
    const path = issue.path.replace(/^body\.?/, '');
    errors[path] = errors[path] ? `${errors[path]}; ${issue.message}` : issue.message;
  }
  return errors;
}

/** What {@link schemaFieldErrors} needs of a zod schema. */
interface Checker {
  safeParse(
    value: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
}

/**
 * Checks `value` with the operation's own schema before sending (the client would refuse it
 * anyway, with one message for all fields), keyed like {@link apiFieldErrors}.
 */
export function schemaFieldErrors(schema: Checker, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    errors[path] = errors[path] ? `${errors[path]}; ${issue.message}` : issue.message;
  }
  return errors;
}
