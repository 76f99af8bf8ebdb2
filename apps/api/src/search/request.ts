import { parseSearchQuery, SearchQueryError, type SearchSort } from '@dc/client';
import { HttpProblem } from '../http/problem';
import type { SearchPageRequest } from './page';

/** The search parameters of `GET /v1/offerings` after `SearchOfferingsQuery` validated them. */
export interface SearchParameters {
  readonly q: string;
  readonly sort?: SearchSort | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
}

/**
 * A 400 `invalid_search_query` for a refused query: the detail is the parser's message (field
 * and position included), and `errors` points at the `q` query parameter (`query.q`).
 */
export function searchQueryProblem(error: SearchQueryError): HttpProblem {
  return new HttpProblem(400, 'invalid_search_query', error.message, {
    errors: [{ path: 'query.q', message: error.message }],
    cause: error,
  });
}

/**
 * Parses `q` into the {@link SearchPageRequest} that `applySearch` takes.
 *
 * @throws HttpProblem 400 `invalid_search_query` when `q` is not a valid query.
 */
export function parseSearchParameters(parameters: SearchParameters): SearchPageRequest {
  try {
    return {
      query: parseSearchQuery(parameters.q),
      sort: parameters.sort,
      cursor: parameters.cursor,
      limit: parameters.limit,
    };
  } catch (error) {
    if (error instanceof SearchQueryError) throw searchQueryProblem(error);
    throw error;
  }
}
