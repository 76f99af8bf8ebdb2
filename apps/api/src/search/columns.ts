import { SEARCH_FIELDS } from '@dc/client';
import { type Expression, type SqlBool, sql } from 'kysely';

/** The offerings columns the DSL's field catalogue maps to (`online` is one; see below). */
export type SearchFieldColumn = (typeof SEARCH_FIELDS)[keyof typeof SEARCH_FIELDS]['column'];

/** Every column search reads: the catalogue's, plus the sort tie-breakers. */
export type SearchColumnName = SearchFieldColumn | 'created_at' | 'id';

/**
 * The SQL for each column search reads. The translator takes column expressions from here and
 * nowhere else (never a name from the query text), so a caller can alias the table, join, or
 * compute a column: `online` is not stored on the offering but derived by the caller's query.
 */
export type SearchColumns = Readonly<Record<SearchColumnName, Expression<unknown>>>;

/** Options of {@link offeringSearchColumns}. */
export interface OfferingSearchColumnsOptions {
  /** Table name or alias the offerings are selected under; default `offerings`. */
  readonly table?: string;
  /** Whether the offering is served right now (an online agent or a server-side provisioner). */
  readonly online: Expression<SqlBool | boolean | null>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The {@link SearchColumns} of an offerings table (or alias) with the caller's `online`.
 *
 * @example
 * const columns = offeringSearchColumns({
 *   table: 'o',
 *   online: sql<boolean>`p.last_heartbeat_at > now() - interval '2 minutes'`,
 * });
 */
export function offeringSearchColumns(options: OfferingSearchColumnsOptions): SearchColumns {
  const table = options.table ?? 'offerings';
  if (!IDENTIFIER.test(table)) {
    throw new TypeError(`"table" must be a plain SQL identifier, got ${JSON.stringify(table)}`);
  }
  const names = new Set<SearchColumnName>(Object.values(SEARCH_FIELDS).map((f) => f.column));
  names.add('created_at');
  names.add('id');
  names.delete('online');
  const columns = Object.fromEntries([...names].map((name) => [name, sql.ref(`${table}.${name}`)]));
  return { ...columns, online: options.online } as SearchColumns;
}
