import type { SearchSort } from '@dc/client';
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { SearchColumnName, SearchColumns } from './columns';

/** One ORDER BY key of a search, in the order applied. */
export interface SearchSortKey {
  readonly column: Extract<
    SearchColumnName,
    'trust_score' | 'uptime_30d' | 'price_major' | 'created_at' | 'id'
  >;
  readonly direction: 'asc' | 'desc';
  /** NULLs sort last in either direction: an offering without data never leads a list. */
  readonly nullable: boolean;
  /** SQL type a cursor value is cast back to. */
  readonly type: 'numeric' | 'timestamptz' | 'uuid';
}

const TRUST = {
  column: 'trust_score',
  direction: 'desc',
  nullable: true,
  type: 'numeric',
} as const;
const UPTIME = {
  column: 'uptime_30d',
  direction: 'desc',
  nullable: true,
  type: 'numeric',
} as const;
const PRICE_UP = {
  column: 'price_major',
  direction: 'asc',
  nullable: false,
  type: 'numeric',
} as const;
const ID_UP = { column: 'id', direction: 'asc', nullable: false, type: 'uuid' } as const;

/** The default order (spec §2): trust, then uptime, then price, then id. */
const DEFAULT_ORDER: readonly SearchSortKey[] = [TRUST, UPTIME, PRICE_UP, ID_UP];

/**
 * The keys of each sort, always ending in the unique `id` so every row has one place and
 * cursor pages neither repeat nor skip rows. Orders match the partial indexes of migration
 * 0001 (`sort=trust` is the default order, which already leads with trust).
 */
export const SEARCH_SORT_KEYS: Readonly<Record<SearchSort | 'default', readonly SearchSortKey[]>> =
  {
    default: DEFAULT_ORDER,
    trust: DEFAULT_ORDER,
    price: [PRICE_UP, ID_UP],
    '-price': [
      { ...PRICE_UP, direction: 'desc' },
      { ...ID_UP, direction: 'desc' },
    ],
    '-uptime': [UPTIME, ID_UP],
    newest: [
      { column: 'created_at', direction: 'desc', nullable: false, type: 'timestamptz' },
      { ...ID_UP, direction: 'desc' },
    ],
  };

/** The keys of `sort`, or of the default order when there is none. */
export function searchSortKeys(sort: SearchSort | undefined): readonly SearchSortKey[] {
  return SEARCH_SORT_KEYS[sort ?? 'default'];
}

/** Adds the ORDER BY of `sort` (NULLs last, `id` as tie-breaker) to `qb`. */
export function searchOrderBy<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  sort: SearchSort | undefined,
  columns: SearchColumns,
): SelectQueryBuilder<DB, TB, O> {
  return searchSortKeys(sort).reduce(
    (ordered, key) =>
      ordered.orderBy(columns[key.column], (item) => {
        const directed = key.direction === 'asc' ? item.asc() : item.desc();
        return key.nullable ? directed.nullsLast() : directed;
      }),
    qb,
  );
}

/**
 * The exact text of one sort key, as a cursor stores it: numeric and uuid as Postgres prints
 * them, timestamps as UTC ISO 8601 with microseconds (a JS Date would drop them and make two
 * rows of the same millisecond collide).
 */
export function sortKeyText(key: SearchSortKey, columns: SearchColumns): RawBuilder<string | null> {
  const target = columns[key.column];
  return key.type === 'timestamptz'
    ? sql<string | null>`to_char(${target} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string | null>`CAST(${target} AS text)`;
}
