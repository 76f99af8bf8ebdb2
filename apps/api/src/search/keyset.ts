import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { SearchColumns } from './columns';
import type { SearchSortKey } from './order';

type Condition = RawBuilder<SqlBool>;

function cast(key: SearchSortKey, value: string): RawBuilder<unknown> {
  return sql`CAST(${value} AS ${sql.raw(key.type)})`;
}

/** `column` holds the same value as the cursor row (NULL counts as equal to NULL). */
function same(key: SearchSortKey, target: Expression<unknown>, value: string | null): Condition {
  return value === null
    ? sql<SqlBool>`${target} IS NULL`
    : sql<SqlBool>`${target} = ${cast(key, value)}`;
}

/** `column` sorts strictly after the cursor row's value, or `undefined` when nothing can. */
function after(
  key: SearchSortKey,
  target: Expression<unknown>,
  value: string | null,
): Condition | undefined {
  // NULLs sort last, so after a NULL only more NULLs come, and those tie rather than follow.
  if (value === null) return undefined;
  const beyond =
    key.direction === 'asc'
      ? sql<SqlBool>`${target} > ${cast(key, value)}`
      : sql<SqlBool>`${target} < ${cast(key, value)}`;
  return key.nullable ? sql<SqlBool>`(${beyond} OR ${target} IS NULL)` : beyond;
}

/**
 * Rows strictly after the cursor row in the order of `keys` (mixed directions, NULLs last):
 * the expanded row comparison `k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...`, because Postgres'
 * `(a, b) > (x, y)` supports neither mixed directions nor NULL placement.
 */
export function searchAfter(
  keys: readonly SearchSortKey[],
  values: readonly (string | null)[],
  columns: SearchColumns,
): Expression<SqlBool> {
  const branches: Condition[] = [];
  keys.forEach((key, index) => {
    const beyond = after(key, columns[key.column], values[index] ?? null);
    if (beyond === undefined) return;
    const ties = keys
      .slice(0, index)
      .map((earlier, j) => same(earlier, columns[earlier.column], values[j] ?? null));
    branches.push(sql<SqlBool>`(${sql.join([...ties, beyond], sql` AND `)})`);
  });
  return branches.length === 0
    ? sql<SqlBool>`FALSE`
    : sql<SqlBool>`(${sql.join(branches, sql` OR `)})`;
}
