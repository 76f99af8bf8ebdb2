import { type NumberClause, SEARCH_FIELDS, type SearchClause, type SearchQuery } from '@dc/client';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { SearchColumnName, SearchColumns } from './columns';
import { containsPattern } from './like-pattern';

type Condition = RawBuilder<SqlBool>;

// The AST's numbers are exact decimal strings; checking the shape here means even a
// hand-built tree can never reach the database as something CAST would reject.
const DECIMAL = /^-?[0-9]+(\.[0-9]+)?$/;
const COMPARATORS = new Set(['>', '>=', '<', '<=']);

function column(columns: SearchColumns, name: SearchColumnName): Expression<unknown> {
  const expression = columns[name];
  if (expression === undefined) throw new TypeError(`search column "${name}" is missing`);
  return expression;
}

function numeric(value: string): RawBuilder<unknown> {
  if (!DECIMAL.test(value)) {
    throw new TypeError(`not a decimal search value: ${JSON.stringify(value)}`);
  }
  return sql`CAST(${value} AS numeric)`;
}

function any(conditions: readonly Condition[]): Condition {
  return sql<SqlBool>`(${sql.join(conditions, sql` OR `)})`;
}

function numberCondition(clause: NumberClause, target: Expression<unknown>): Condition {
  const { test } = clause;
  const spec = SEARCH_FIELDS[clause.field];
  switch (test.op) {
    case 'eq':
      return sql<SqlBool>`${target} IN (${sql.join(test.values.map(numeric))})`;
    case 'range':
      return sql<SqlBool>`${target} BETWEEN ${numeric(test.min)} AND ${numeric(test.max)}`;
    default: {
      if (!COMPARATORS.has(test.op)) throw new TypeError(`unknown comparator ${test.op}`);
      const compared = sql<SqlBool>`${target} ${sql.raw(test.op)} ${numeric(test.value)}`;
      // NULL is "no limit" (unmetered traffic, no maximum rental): it passes every lower bound
      // and fails every upper bound, equality and range, which is plain SQL's NULL otherwise.
      const unlimitedPasses = test.op === '>' || test.op === '>=';
      return 'nullIsUnlimited' in spec && unlimitedPasses
        ? sql<SqlBool>`(${target} IS NULL OR ${compared})`
        : compared;
    }
  }
}

/** The clause as it reads, before negation; may be NULL for a row with NULL in the column. */
function positive(clause: SearchClause, columns: SearchColumns): Condition {
  const spec = SEARCH_FIELDS[clause.field];
  if (spec === undefined) {
    throw new TypeError(`unknown search field ${JSON.stringify(clause.field)}`);
  }
  const target = column(columns, spec.column);
  switch (clause.kind) {
    case 'text':
      return any(clause.values.map((v) => sql<SqlBool>`${target} ILIKE ${containsPattern(v)}`));
    case 'enum':
      return sql<SqlBool>`${target} IN (${sql.join(clause.values)})`;
    case 'boolean':
      if (spec.kind === 'boolean' && spec.test === 'null') {
        return clause.value ? sql<SqlBool>`${target} IS NULL` : sql<SqlBool>`${target} IS NOT NULL`;
      }
      return sql<SqlBool>`${target} = ${clause.value}`;
    case 'number': {
      const condition = numberCondition(clause, target);
      if (clause.currency === undefined) return condition;
      return sql<SqlBool>`(${condition} AND ${column(columns, 'currency')} = ${clause.currency})`;
    }
  }
}

/**
 * The WHERE condition of a parsed search query over offerings: every clause must hold.
 *
 * - Values are always bound parameters; column SQL comes only from `columns`, keyed by the
 *   field catalogue; text patterns have `%`, `_` and `\` escaped.
 * - Text fields match as a case-insensitive substring (`ILIKE '%value%'`); lists match any.
 * - A positive clause never matches a row whose column is NULL (no GPU model, no trust score
 *   yet), except that NULL traffic and NULL max_hours mean "no limit" and pass lower bounds.
 * - A negated clause matches exactly the rows the positive clause does not:
 *   `NOT COALESCE(clause, false)`. So `-trust:>=70` includes offerings without a trust score
 *   yet, as "everything except trust >= 70" should.
 * - The empty query is `TRUE`.
 *
 * @throws TypeError for a malformed tree (one {@link parseSearchQuery} would never return).
 */
export function searchWhere(query: SearchQuery, columns: SearchColumns): Expression<SqlBool> {
  if (query.clauses.length === 0) return sql<SqlBool>`TRUE`;
  const conditions = query.clauses.map((clause) => {
    const condition = positive(clause, columns);
    return clause.negated
      ? sql<SqlBool>`NOT COALESCE(${condition}, FALSE)`
      : sql<SqlBool>`(${condition})`;
  });
  return sql<SqlBool>`(${sql.join(conditions, sql` AND `)})`;
}
