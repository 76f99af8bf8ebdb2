// Search over offerings: the DSL of @dc/client translated to parameterised SQL (Kysely), the
// sorts, and keyset (cursor) pagination.

export {
  type OfferingSearchColumnsOptions,
  offeringSearchColumns,
  type SearchColumnName,
  type SearchColumns,
  type SearchFieldColumn,
} from './columns';
export {
  decodeSearchCursor,
  encodeSearchCursor,
  InvalidSearchCursorError,
  searchFingerprint,
} from './cursor';
export { searchAfter } from './keyset';
export { containsPattern } from './like-pattern';
export {
  SEARCH_SORT_KEYS,
  type SearchSortKey,
  searchOrderBy,
  searchSortKeys,
  sortKeyText,
} from './order';
export {
  applySearch,
  SEARCH_CURSOR_KEY,
  type SearchCursorKeyColumn,
  type SearchPage,
  type SearchPageRequest,
  toSearchPage,
} from './page';
export { parseSearchParameters, type SearchParameters, searchQueryProblem } from './request';
export { searchWhere } from './where';
