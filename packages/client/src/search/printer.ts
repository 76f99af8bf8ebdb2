import { type Decimal, formatDecimal, parseDecimal } from './_decimal';
import type { NumberClause, SearchClause, SearchQuery } from './ast';
import { SEARCH_FIELDS } from './fields';
import { isWordCharacter } from './lexer';
import { formatScaled, isScaledFamily } from './units';

const KEYWORDS = new Set(['AND', 'OR', 'TO']);

// Bare when the lexer would read it back as the same single word; quoted otherwise. Keywords
// are quoted too, though the parser would read them right, so the printed text reads right.
function printText(value: string): string {
  const bare =
    value !== '' && [...value].every(isWordCharacter) && !KEYWORDS.has(value.toUpperCase());
  return bare ? value : `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function printNumber(clause: NumberClause, value: string): string {
  const { unit } = SEARCH_FIELDS[clause.field];
  const decimal = parseDecimal(value) as Decimal;
  if (isScaledFamily(unit)) return formatScaled(unit, decimal);
  return `${formatDecimal(decimal)}${clause.currency ?? ''}`;
}

function list(values: readonly string[]): string {
  return values.length === 1 ? (values[0] as string) : `(${values.join(' OR ')})`;
}

function printValue(clause: SearchClause): string {
  switch (clause.kind) {
    case 'text':
      return list(clause.values.map(printText));
    case 'enum':
      return list(clause.values);
    case 'boolean':
      return String(clause.value);
    case 'number': {
      const { test } = clause;
      const number = (value: string) => printNumber(clause, value);
      if (test.op === 'eq') return list(test.values.map(number));
      if (test.op === 'range') return `[${number(test.min)} TO ${number(test.max)}]`;
      return `${test.op}${number(test.value)}`;
    }
  }
}

/**
 * Writes `query` as canonical DSL text: lower-case field names, `-` for negation, one space
 * between clauses, no `AND`, values quoted only when needed, numbers with the largest unit
 * that keeps them whole (`16GiB`), a price's currency on every value. Parsing the result
 * gives a query deep-equal to `query`, so the text can go in a URL or a saved search.
 *
 * `query` must be well-formed (as {@link parseSearchQuery} returns or as the types describe).
 */
export function printSearchQuery(query: SearchQuery): string {
  return query.clauses
    .map((clause) => `${clause.negated ? '-' : ''}${clause.field}:${printValue(clause)}`)
    .join(' ');
}
