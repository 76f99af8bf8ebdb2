// Every refusal is a SearchQueryError with a stable code, the offending position, the field
// when there is one, and a one-line message naming both.

import { describe, expect, it } from 'vitest';
import {
  parseSearchQuery,
  SEARCH_MAX_CLAUSES,
  SEARCH_MAX_LIST_VALUES,
  SEARCH_MAX_QUERY_LENGTH,
  SearchQueryError,
  safeParseSearchQuery,
} from '../../src/search/index';
import { searchError } from './expect-error';

type Case = [text: string, code: string, position: number, field: string | undefined, says: string];

const CASES: readonly Case[] = [
  // Unknown fields and misplaced keywords.
  [
    'colour:red',
    'unknown_field',
    0,
    'colour',
    'unknown field "colour" at position 0; known fields: name',
  ],
  ['type:gpu colour:red', 'unknown_field', 9, 'colour', 'unknown field "colour" at position 9'],
  ['-colour:red', 'unknown_field', 1, 'colour', 'unknown field "colour" at position 1'],
  ['constructor:x', 'unknown_field', 0, 'constructor', 'unknown field "constructor"'],
  ['__proto__:x', 'unknown_field', 0, '__proto__', 'unknown field "__proto__"'],
  ['type:gpu OR type:compute', 'syntax', 9, undefined, '"OR" joins values inside ( )'],
  ['AND type:gpu', 'syntax', 0, undefined, 'unexpected "AND" at position 0'],
  ['type:gpu AND', 'syntax', 12, undefined, 'expected a clause after "AND" at position 12'],
  ['type:gpu AND AND x:y', 'syntax', 13, undefined, 'unexpected "AND" at position 13'],
  ['TO', 'syntax', 0, undefined, '"TO" belongs inside a range'],
  // Syntax inside a clause.
  ['type', 'syntax', 4, 'type', 'expected ":" after field "type" at position 4'],
  ['type gpu', 'syntax', 5, 'type', 'expected ":" after field "type" at position 5'],
  [
    'type:',
    'syntax',
    5,
    'type',
    'expected a value for "type", got the end of the query at position 5',
  ],
  ['type:)', 'syntax', 5, 'type', 'expected a value for "type", got ")" at position 5'],
  ['type:(gpu', 'syntax', 9, 'type', 'expected "OR" or ")" in the list of "type"'],
  [
    'type:(gpu compute)',
    'syntax',
    10,
    'type',
    'expected "OR" or ")" in the list of "type", got "compute"',
  ],
  ['type:()', 'syntax', 6, 'type', 'expected a value for "type"'],
  ['price:[1 2]', 'syntax', 9, 'price', 'expected "TO" in the range of "price"'],
  ['price:[1 TO 2', 'syntax', 13, 'price', 'expected "]" to close the range of "price"'],
  ['price:[1 TO 2)', 'syntax', 13, 'price', 'expected "]" to close the range of "price", got ")"'],
  ['price:>=', 'syntax', 8, 'price', 'expected a value for "price"'],
  ['city:"New York', 'syntax', 5, undefined, 'unterminated quoted value at position 5'],
  ['city:New York', 'syntax', 9, undefined, 'quote values with spaces, e.g. city:"New York"'],
  ['- type:gpu', 'syntax', 1, undefined, 'expected a field name after "-" at position 1'],
  ['type:gpu)', 'syntax', 8, undefined, 'expected a clause, got ")" at position 8'],
  [':gpu', 'syntax', 0, undefined, 'expected a clause, got ":"'],
  ['"type":gpu', 'syntax', 0, undefined, 'expected a clause, got the quoted value "type"'],
  ['type:gpu:x', 'syntax', 8, undefined, 'expected a clause, got ":"'],
  ['name:a\u0000b', 'syntax', 6, undefined, 'NUL character at position 6'],
  // Values.
  [
    'type:foo',
    'invalid_value',
    5,
    'type',
    '"type" has no value "foo" at position 5; allowed: compute',
  ],
  ['type:(gpu OR foo)', 'invalid_value', 13, 'type', '"type" has no value "foo" at position 13'],
  ['country:USA', 'invalid_value', 8, 'country', '"country" expects a 2-letter ISO 3166-1'],
  ['country:U1', 'invalid_value', 8, 'country', '"country" expects a 2-letter'],
  ['currency:EURO', 'invalid_value', 9, 'currency', '"currency" expects a 3-letter ISO 4217'],
  ['name:""', 'invalid_value', 5, 'name', 'empty value for "name" at position 5'],
  [
    'ipv4:maybe',
    'invalid_value',
    5,
    'ipv4',
    '"ipv4" expects true or false, got "maybe" at position 5',
  ],
  ['cores:abc', 'invalid_value', 6, 'cores', '"cores" expects a number, got "abc" at position 6'],
  ['cores:1.2.3', 'invalid_value', 6, 'cores', '"cores" expects a number'],
  ['cores:.5', 'invalid_value', 6, 'cores', '"cores" expects a number'],
  ['cores:1e5', 'invalid_value', 6, 'cores', '"cores" expects a number, got "1e5"'],
  ['cores:+5', 'invalid_value', 6, 'cores', '"cores" expects a number'],
  ['cores:-1', 'invalid_value', 6, 'cores', '"cores" cannot be negative, got "-1" at position 6'],
  ['memory:>=-1GB', 'invalid_value', 9, 'memory', '"memory" cannot be negative'],
  ['trust:>=150', 'invalid_value', 8, 'trust', '"trust" must be between 0 and 100, got "150"'],
  ['uptime:100.5%', 'invalid_value', 7, 'uptime', '"uptime" must be between 0 and 100'],
  [
    'price:[500 TO 50]',
    'invalid_value',
    6,
    'price',
    '"price" range starts above its end at position 6',
  ],
  ['price:(10USD OR 20EUR)', 'invalid_value', 16, 'price', '"price" mixes currencies USD and EUR'],
  ['price:1234567890123456789012345678901', 'invalid_value', 6, 'price', 'is too long'],
  // Units.
  [
    'memory:>=16',
    'invalid_unit',
    11,
    'memory',
    '"memory" needs a unit at position 11; write e.g. memory:>=16GB',
  ],
  [
    'memory:>=16Mbps',
    'invalid_unit',
    11,
    'memory',
    '"memory" does not take the unit "Mbps" at position 11',
  ],
  ['disk:>=1PB', 'invalid_unit', 8, 'disk', '"disk" does not take the unit "PB"'],
  ['bandwidth:>=1GB', 'invalid_unit', 13, 'bandwidth', '"bandwidth" does not take the unit "GB"'],
  ['cores:>=8GB', 'invalid_unit', 9, 'cores', '"cores" does not take the unit "GB" at position 9'],
  ['trust:>=70%', 'invalid_unit', 10, 'trust', '"trust" does not take the unit "%"'],
  ['price:<=16GB', 'invalid_unit', 10, 'price', 'a price takes only an ISO 4217 currency code'],
  ['price:<=16GiB', 'invalid_unit', 10, 'price', '"price" does not take the unit "GiB"'],
  ['price:<=20EURO', 'invalid_unit', 10, 'price', '"price" does not take the unit "EURO"'],
  ['price:<=20%', 'invalid_unit', 10, 'price', '"price" does not take the unit "%"'],
  ['memory:"16"', 'invalid_unit', 7, 'memory', '"memory" needs a unit at position 7'],
  // Operators a kind has no use for.
  [
    'name:>foo',
    'unsupported_operator',
    5,
    'name',
    'text field "name" does not take ">" at position 5',
  ],
  [
    'type:[a TO b]',
    'unsupported_operator',
    5,
    'type',
    'enum field "type" does not take a [a TO b] range',
  ],
  [
    'ipv4:(true OR false)',
    'unsupported_operator',
    5,
    'ipv4',
    'yes/no field "ipv4" takes one value',
  ],
  ['online:>=1', 'unsupported_operator', 7, 'online', 'yes/no field "online" takes one value'],
];

describe('refusals name the code, the position and the field', () => {
  it.each(CASES)('%s -> %s at %i (%s)', (text, code, position, field, says) => {
    const error = searchError(text);
    expect(error.code).toBe(code);
    expect(error.position).toBe(position);
    expect(error.field).toBe(field);
    expect(error.message).toContain(says);
    expect(error.message).toContain(`at position ${position}`);
    if (field !== undefined) expect(error.message).toContain(`"${field}"`);
    expect(error.message).not.toContain('\n');
    expect(error.name).toBe('SearchQueryError');
  });
});

describe('limits', () => {
  it(`refuses text over ${SEARCH_MAX_QUERY_LENGTH} characters before reading it`, () => {
    const error = searchError(`name:${'x'.repeat(SEARCH_MAX_QUERY_LENGTH)}`);
    expect(error.code).toBe('too_long');
    expect(error.position).toBe(SEARCH_MAX_QUERY_LENGTH);
    expect(error.message).toBe(
      `query is ${SEARCH_MAX_QUERY_LENGTH + 5} characters long at position 2000; at most 2000 are allowed`,
    );
    expect(() => parseSearchQuery(`name:${'x'.repeat(SEARCH_MAX_QUERY_LENGTH - 5)}`)).not.toThrow();
  });

  it(`refuses clause ${SEARCH_MAX_CLAUSES + 1}, pointing at it`, () => {
    const clauses = Array.from({ length: SEARCH_MAX_CLAUSES }, () => 'ipv4:true');
    expect(parseSearchQuery(clauses.join(' ')).clauses).toHaveLength(SEARCH_MAX_CLAUSES);
    const text = `${clauses.join(' ')} ipv6:true`;
    const error = searchError(text);
    expect(error.code).toBe('too_many_clauses');
    expect(error.position).toBe(text.indexOf('ipv6'));
    expect(error.message).toContain(`at most ${SEARCH_MAX_CLAUSES}`);
  });

  it(`refuses list value ${SEARCH_MAX_LIST_VALUES + 1}, naming the field`, () => {
    const values = Array.from({ length: SEARCH_MAX_LIST_VALUES }, (_, i) => String(i));
    expect(() => parseSearchQuery(`cores:(${values.join(' OR ')})`)).not.toThrow();
    const text = `cores:(${values.join(' OR ')} OR 99)`;
    const error = searchError(text);
    expect(error.code).toBe('too_many_values');
    expect(error.field).toBe('cores');
    expect(error.position).toBe(text.lastIndexOf('99'));
  });
});

describe('safeParseSearchQuery', () => {
  it('returns the query when the text is valid', () => {
    expect(safeParseSearchQuery('type:gpu')).toStrictEqual({
      ok: true,
      query: parseSearchQuery('type:gpu'),
    });
  });

  it('returns the error instead of throwing it', () => {
    const result = safeParseSearchQuery('type:foo');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(SearchQueryError);
      expect(result.error.position).toBe(5);
    }
  });

  it('still throws TypeError for a non-string, which is a bug in the caller', () => {
    expect(() => safeParseSearchQuery(42 as unknown as string)).toThrow(TypeError);
    expect(() => parseSearchQuery(null as unknown as string)).toThrow('"text" must be a string');
  });
});
