// fast-check generators for search queries: valid trees built from the field catalogue (for
// print/parse round trips) and text that looks like the DSL but is mostly wrong (for "never
// throws anything but SearchQueryError").

import fc from 'fast-check';
import {
  type NumberFieldSpec,
  type NumberTest,
  SEARCH_FIELD_NAMES,
  SEARCH_FIELDS,
  type SearchClause,
  type SearchQuery,
} from '../../src/search/index';

/** `units / 10^scale` written canonically, built independently of the parser's own code. */
function canonical(units: bigint, scale: number): string {
  let u = units;
  let s = scale;
  while (s > 0 && u % 10n === 0n) {
    u /= 10n;
    s -= 1;
  }
  const negative = u < 0n;
  const digits = (negative ? -u : u).toString().padStart(s + 1, '0');
  const whole = digits.slice(0, digits.length - s);
  return `${negative ? '-' : ''}${whole}${s > 0 ? `.${digits.slice(digits.length - s)}` : ''}`;
}

/** A canonical decimal within the field's bounds (at most 4 decimals, below 10^9). */
function numberArb(spec: NumberFieldSpec): fc.Arbitrary<string> {
  const min = spec.min === undefined ? -(10n ** 13n) : BigInt(Number(spec.min) * 10_000);
  const max = spec.max === undefined ? 10n ** 13n : BigInt(Number(spec.max) * 10_000);
  return fc.oneof(
    fc.bigInt({ min, max }).map((units) => canonical(units, 4)),
    // Whole numbers and exact unit multiples, which print with a unit.
    fc
      .constantFrom(0n, 1n, 8n, 100n, 1000n, 1024n, 1536n, 16384n, 1048576n)
      .filter((n) => n * 10_000n >= min && n * 10_000n <= max)
      .map((n) => canonical(n, 0)),
  );
}

function numberTestArb(spec: NumberFieldSpec): fc.Arbitrary<NumberTest> {
  const value = numberArb(spec);
  return fc.oneof(
    fc
      .array(value, { minLength: 1, maxLength: 4 })
      .map((values) => ({ op: 'eq', values }) as const),
    fc
      .tuple(fc.constantFrom('>', '>=', '<', '<=') as fc.Arbitrary<'>' | '>=' | '<' | '<='>, value)
      .map(([op, v]) => ({ op, value: v })),
    fc.tuple(value, value).map(([a, b]) => {
      const [min, max] = Number(a) <= Number(b) ? [a, b] : [b, a];
      return { op: 'range', min, max } as const;
    }),
  );
}

// Letters-only codes; MIB, GIB and TIB read as sizes, so they are no currency.
const currencyArb = fc
  .stringMatching(/^[A-Z]{3}$/)
  .filter((code) => !['MIB', 'GIB', 'TIB'].includes(code));

/** Text values: plain words, Unicode, and everything that needs quoting or escaping. */
export const textValueArb = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }),
    fc.constantFrom(
      'New York',
      'a"b',
      'a\\',
      '\\"',
      'AND',
      'or',
      '-x',
      '!x',
      'x:y',
      '(',
      ']',
      '>=',
      ' ',
    ),
  )
  .filter((text) => !text.includes('\u0000'));

function clauseArb(field: (typeof SEARCH_FIELD_NAMES)[number]): fc.Arbitrary<SearchClause> {
  const spec = SEARCH_FIELDS[field];
  const negated = fc.boolean();
  switch (spec.kind) {
    case 'text':
      return fc.record({
        kind: fc.constant('text'),
        field: fc.constant(field),
        negated,
        values: fc.array(textValueArb, { minLength: 1, maxLength: 3 }),
      }) as fc.Arbitrary<SearchClause>;
    case 'enum': {
      const value =
        'values' in spec
          ? fc.constantFrom(...spec.values)
          : fc.stringMatching(spec.codeLength === 2 ? /^[A-Z]{2}$/ : /^[A-Z]{3}$/);
      return fc.record({
        kind: fc.constant('enum'),
        field: fc.constant(field),
        negated,
        values: fc.array(value, { minLength: 1, maxLength: 4 }),
      }) as fc.Arbitrary<SearchClause>;
    }
    case 'boolean':
      return fc.record({
        kind: fc.constant('boolean'),
        field: fc.constant(field),
        negated,
        value: fc.boolean(),
      }) as fc.Arbitrary<SearchClause>;
    case 'number': {
      const base = fc.record({
        kind: fc.constant('number'),
        field: fc.constant(field),
        negated,
        test: numberTestArb(spec),
      });
      if (field !== 'price') return base as fc.Arbitrary<SearchClause>;
      return fc
        .tuple(base, fc.option(currencyArb, { nil: undefined }))
        .map(([clause, currency]) =>
          currency === undefined ? clause : { ...clause, currency },
        ) as fc.Arbitrary<SearchClause>;
    }
  }
}

/** A valid query of up to 8 clauses over every field. */
export const queryArb: fc.Arbitrary<SearchQuery> = fc
  .array(
    // Plain objects, as the parser builds: fc.record may make null-prototype ones, which a
    // strict deep equal tells apart.
    fc
      .constantFrom(...SEARCH_FIELD_NAMES)
      .chain(clauseArb)
      .map((clause) => ({ ...clause })),
    { maxLength: 8 },
  )
  .map((clauses) => ({ clauses }));

const PIECES = [
  ...SEARCH_FIELD_NAMES,
  ':',
  '(',
  ')',
  '[',
  ']',
  '"',
  '\\',
  ' ',
  ' ',
  ' ',
  '-',
  '!',
  '>=',
  '<=',
  '>',
  '<',
  '=',
  'AND',
  'OR',
  'TO',
  'and',
  'or',
  'to',
  'gpu',
  'US',
  'de',
  'EUR',
  'true',
  'no',
  'x',
  '0',
  '8',
  '-3',
  '1.5',
  '20EUR',
  '16GB',
  '1TB',
  '1Gbps',
  '99.9%',
  '.',
  '%',
  'MiB',
  '\u0000',
  '\u00e9',
  '\ud83d\ude00',
  '\ud800',
];

/** Text stitched from DSL pieces: reaches deep into the grammar, and is mostly invalid. */
export const dslishArb: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...PIECES), { maxLength: 30 })
  .map((pieces) => pieces.join(''));
