/**
 * The search DSL of spec §2: one grammar and one parser, shared by the dashboard (validating as
 * the user types) and the API (which translates the parsed {@link SearchQuery} to parameterised
 * SQL). Pure: no I/O.
 *
 * @packageDocumentation
 */

export type {
  BooleanClause,
  EnumClause,
  NumberClause,
  NumberTest,
  SearchClause,
  SearchComparator,
  SearchQuery,
  TextClause,
} from './ast';
export { SearchQueryError, type SearchQueryErrorCode } from './errors';
export {
  type BooleanFieldName,
  type BooleanFieldSpec,
  type EnumFieldName,
  type EnumFieldSpec,
  type NumberFieldName,
  type NumberFieldSpec,
  SEARCH_FIELD_NAMES,
  SEARCH_FIELDS,
  type SearchFieldName,
  type SearchFieldNameOfKind,
  type SearchFieldSpec,
  searchField,
  type TextFieldName,
  type TextFieldSpec,
} from './fields';
export {
  SEARCH_MAX_CLAUSES,
  SEARCH_MAX_LIST_VALUES,
  SEARCH_MAX_PAGE_SIZE,
  SEARCH_MAX_QUERY_LENGTH,
} from './limits';
export { parseSearchQuery } from './parser';
export { printSearchQuery } from './printer';
export { type SafeParseSearchQueryResult, safeParseSearchQuery } from './safe-parse';
export { SearchSort } from './sort';
export type { SearchUnitFamily } from './units';
