import { expect } from 'vitest';
import { parseSearchQuery, printSearchQuery, SearchQueryError } from '../../src/search/index';

/** Parses `text`, asserts it is refused with a SearchQueryError, and returns that error. */
export function searchError(text: string): SearchQueryError {
  let thrown: unknown;
  try {
    parseSearchQuery(text);
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected ${JSON.stringify(text)} to be refused`).toBeInstanceOf(SearchQueryError);
  return thrown as SearchQueryError;
}

/**
 * Parses `text`, which may be refused, but only with a SearchQueryError pointing inside it; a
 * query that parses must print to text that parses back to the same query.
 */
export function parsesOrRefuses(text: string): void {
  try {
    const query = parseSearchQuery(text);
    expect(parseSearchQuery(printSearchQuery(query))).toStrictEqual(query);
  } catch (error) {
    if (!(error instanceof SearchQueryError)) throw error;
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.position).toBeLessThanOrEqual(text.length);
  }
}
