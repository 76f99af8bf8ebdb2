import { SearchQueryError, type SearchQueryErrorCode } from './errors';

/**
 * Builds the error every refusal uses, so all messages read the same way:
 * `<what> at position <n>[; <hint>]`, where `what` names the field when there is one.
 */
export function fail(
  code: SearchQueryErrorCode,
  position: number,
  what: string,
  options: { field?: string; hint?: string } = {},
): SearchQueryError {
  const hint = options.hint === undefined ? '' : `; ${options.hint}`;
  return new SearchQueryError(
    code,
    `${what} at position ${position}${hint}`,
    position,
    options.field,
  );
}

/** A value as it appears in an error message: quoted, with control characters escaped. */
export function show(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return JSON.stringify(shown);
}
