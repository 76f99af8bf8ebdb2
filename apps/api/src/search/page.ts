import { SEARCH_MAX_PAGE_SIZE, type SearchQuery, type SearchSort } from '@dc/client';
import { type SelectQueryBuilder, sql } from 'kysely';
import type { SearchColumns } from './columns';
import { decodeSearchCursor, encodeSearchCursor, searchFingerprint } from './cursor';
import { searchAfter } from './keyset';
import { searchOrderBy, searchSortKeys, sortKeyText } from './order';
import { searchWhere } from './where';

/** One page request of a search, after its text was parsed. */
export interface SearchPageRequest {
  readonly query: SearchQuery;
  /** Absent: the default order (trust, uptime, price). */
  readonly sort?: SearchSort | undefined;
  /** `next_cursor` of the previous page; absent for the first page. */
  readonly cursor?: string | undefined;
  /** Rows per page, 1..{@link SEARCH_MAX_PAGE_SIZE}. */
  readonly limit: number;
}

/** Name of the column {@link applySearch} adds: the row's sort key values, as text. */
export const SEARCH_CURSOR_KEY = 'search_cursor_key';

/** What {@link applySearch} adds to each selected row. */
export interface SearchCursorKeyColumn {
  readonly search_cursor_key: (string | null)[];
}

/** A page of results and the cursor of the next one (`null` on the last page). */
export interface SearchPage<Item> {
  readonly items: Item[];
  readonly next_cursor: string | null;
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > SEARCH_MAX_PAGE_SIZE) {
    throw new RangeError(
      `"limit" must be an integer from 1 to ${SEARCH_MAX_PAGE_SIZE}, got ${limit}`,
    );
  }
}

/**
 * Turns a select over offerings into one page of a search: the query's WHERE, the rows after
 * the cursor, the sort's ORDER BY with `id` last, `LIMIT limit + 1` (the extra row says whether
 * there is a next page) and a {@link SEARCH_CURSOR_KEY} column to build the next cursor from.
 * Pass the rows to {@link toSearchPage}.
 *
 * @throws InvalidSearchCursorError (400) for a cursor not issued for this query and sort.
 * @throws RangeError for a limit outside 1..100 (validate input with `PageQuery` first).
 */
export function applySearch<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  request: SearchPageRequest,
  columns: SearchColumns,
): SelectQueryBuilder<DB, TB, O & SearchCursorKeyColumn> {
  checkLimit(request.limit);
  const keys = searchSortKeys(request.sort);
  let selected = qb.where(searchWhere(request.query, columns));
  if (request.cursor !== undefined) {
    const fingerprint = searchFingerprint(request.query, request.sort);
    const values = decodeSearchCursor(request.cursor, fingerprint, keys);
    selected = selected.where(searchAfter(keys, values, columns));
  }
  const cursorKey = sql<
    (string | null)[]
  >`ARRAY[${sql.join(keys.map((key) => sortKeyText(key, columns)))}]`;
  return searchOrderBy(selected, request.sort, columns)
    .limit(request.limit + 1)
    .select(cursorKey.as(SEARCH_CURSOR_KEY) as never) as unknown as SelectQueryBuilder<
    DB,
    TB,
    O & SearchCursorKeyColumn
  >;
}

/**
 * The page of rows selected with {@link applySearch}: at most `limit` items without the cursor
 * key column, and the cursor after the last one when more rows follow.
 */
export function toSearchPage<Row extends SearchCursorKeyColumn>(
  rows: readonly Row[],
  request: SearchPageRequest,
): SearchPage<Omit<Row, typeof SEARCH_CURSOR_KEY>> {
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  const next_cursor =
    rows.length > request.limit && last !== undefined
      ? encodeSearchCursor(searchFingerprint(request.query, request.sort), last.search_cursor_key)
      : null;
  const items = page.map(({ search_cursor_key: _, ...item }) => item);
  return { items, next_cursor };
}
