import { ValidationError } from '@dc/client';

/** Error messages by field path (`reason`, `email`), as a form shows them. */
export type FieldErrors = Readonly<Record<string, string>>;

/** What {@link checkFields} needs of a zod schema. */
interface Checker {
  safeParse(
    value: unknown,
  ):
    | { success: true }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
}

function collect(issues: readonly { path: string; message: string }[]): FieldErrors {
  const errors: Record<string, string> = {};
  for (const { path, message } of issues) {
    errors[path] = errors[path] ? `${errors[path]}; ${message}` : message;
  }
  return errors;
}

/**
 * Checks `value` with the operation's own schema before sending, so each error shows at its
 * field (the client would refuse it anyway, with one message for all fields).
 */
export function checkFields(schema: Checker, value: unknown): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  return collect(
    result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
  );
}

/** The API's 422 field errors keyed by path without the `body.` root; {} for other errors. */
export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof ValidationError)) return {};
  return collect(
    error.errors.map((e) => ({ path: e.path.replace(/^body\.?/, ''), message: e.message })),
  );
}
