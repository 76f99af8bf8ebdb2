import type { BooleanFieldName, EnumFieldName, NumberFieldName, TextFieldName } from './fields';

// The AST holds meaning, not spelling: `memory:>=16GB` and `memory:>=16384MiB` give the same
// tree, and source positions are left out. That is what lets two queries be compared with a
// deep equal, and printing then parsing give back the same tree.

interface ClauseBase {
  /** `-field:...` or `!field:...`: the clause matches exactly the offerings it would not. */
  readonly negated: boolean;
}

/** `name:epyc`, `city:"New York"`, `cpu:(epyc OR xeon)`: any value is a substring. */
export interface TextClause extends ClauseBase {
  readonly kind: 'text';
  readonly field: TextFieldName;
  /** Non-empty values as typed (case kept; matching ignores case). */
  readonly values: readonly string[];
}

/** `type:gpu`, `country:(US OR DE)`: the column equals one of the values. */
export interface EnumClause extends ClauseBase {
  readonly kind: 'enum';
  readonly field: EnumFieldName;
  /** Normalised values: lower case for listed values, upper case for country/currency codes. */
  readonly values: readonly string[];
}

/** `ipv6:true`, `unmetered:false`. */
export interface BooleanClause extends ClauseBase {
  readonly kind: 'boolean';
  readonly field: BooleanFieldName;
  readonly value: boolean;
}

/** A comparison operator of `field:>=value`. */
export type SearchComparator = '>' | '>=' | '<' | '<=';

/**
 * What a numeric clause tests. Values are exact decimal strings in the field's canonical unit
 * (memory MiB, disk / GPU memory / traffic GiB, bandwidth Mbps, price major units), spelled
 * canonically: no leading or trailing zeros, no `-0` (`'16384'`, `'19.99'`, `'-10'`).
 */
export type NumberTest =
  /** `cores:8`, `cores:(8 OR 16)`: equal to one of the values. */
  | { readonly op: 'eq'; readonly values: readonly string[] }
  /** `price:<=20`. */
  | { readonly op: SearchComparator; readonly value: string }
  /** `price:[50 TO 500]`, both ends inclusive, `min <= max`. */
  | { readonly op: 'range'; readonly min: string; readonly max: string };

/** `price:<=100`, `memory:>=32GB`, `price:[50 TO 500]`. */
export interface NumberClause extends ClauseBase {
  readonly kind: 'number';
  readonly field: NumberFieldName;
  readonly test: NumberTest;
  /**
   * Only on `price`: the ISO 4217 code written after the amount (`price:<=20EUR`), upper case.
   * The clause then also requires the offering's currency to be this one.
   */
  readonly currency?: string;
}

/** One `field:value-expr` of a query. */
export type SearchClause = TextClause | EnumClause | BooleanClause | NumberClause;

/** A parsed query: every clause must match (AND). No clauses = every offering. */
export interface SearchQuery {
  readonly clauses: readonly SearchClause[];
}
