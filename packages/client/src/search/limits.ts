// Bounds on what one query may ask for. They keep the parser's and the database's work per
// request small and predictable (a search box is public and unauthenticated), and are far
// above anything a person types.

/** Longest accepted query text, in UTF-16 code units (JavaScript string length). */
export const SEARCH_MAX_QUERY_LENGTH = 2_000;

/** Most clauses in one query. */
export const SEARCH_MAX_CLAUSES = 50;

/** Most values in one `( a OR b ... )` list. */
export const SEARCH_MAX_LIST_VALUES = 50;

/** Largest page of search results the API returns (spec: page size <= 100). */
export const SEARCH_MAX_PAGE_SIZE = 100;
