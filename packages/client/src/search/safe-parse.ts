import type { SearchQuery } from './ast';
import { SearchQueryError } from './errors';
import { parseSearchQuery } from './parser';

/** Outcome of {@link safeParseSearchQuery}. */
export type SafeParseSearchQueryResult =
  | { readonly ok: true; readonly query: SearchQuery }
  | { readonly ok: false; readonly error: SearchQueryError };

/**
 * {@link parseSearchQuery} without throwing for bad query text, for validating as the user
 * types: `{ ok: false, error }` carries the position to underline and the message to show.
 *
 * @throws TypeError if `text` is not a string (a bug in the caller, not bad input).
 */
export function safeParseSearchQuery(text: string): SafeParseSearchQueryResult {
  try {
    return { ok: true, query: parseSearchQuery(text) };
  } catch (error) {
    if (error instanceof SearchQueryError) return { ok: false, error };
    throw error;
  }
}
