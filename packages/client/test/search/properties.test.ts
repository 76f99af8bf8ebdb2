// Properties: hostile text only ever yields a SearchQueryError, and every valid tree survives
// print then parse. More runs of the same live in properties.slow.test.ts.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearchQuery, printSearchQuery, safeParseSearchQuery } from '../../src/search/index';
import { dslishArb, queryArb } from './arbitraries';
import { parsesOrRefuses } from './expect-error';

const RUNS = 1_000;

describe('search DSL properties', () => {
  it('random strings never throw anything but SearchQueryError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), parsesOrRefuses), { numRuns: RUNS });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), parsesOrRefuses), {
      numRuns: RUNS,
    });
  });

  it('DSL-like text never throws anything but SearchQueryError', () => {
    fc.assert(fc.property(dslishArb, parsesOrRefuses), { numRuns: RUNS });
  });

  it('safeParseSearchQuery never throws for any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), dslishArb), (text) => {
        const result = safeParseSearchQuery(text);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it('a valid tree, printed then parsed, is deep-equal to itself', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        expect(parseSearchQuery(printSearchQuery(query))).toStrictEqual(query);
      }),
      { numRuns: RUNS },
    );
  });

  it('printing is a fixed point: print(parse(print(q))) === print(q)', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        const text = printSearchQuery(query);
        expect(printSearchQuery(parseSearchQuery(text))).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});
