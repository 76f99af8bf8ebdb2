// The properties of properties.test.ts with many more runs; the `slow` vitest project.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSearchQuery, printSearchQuery } from '../../src/search/index';
import { dslishArb, queryArb } from './arbitraries';
import { parsesOrRefuses } from './expect-error';

const RUNS = 20_000;

// A fixed number of runs is the point of this file, not its speed: on a loaded shared machine
// (CI runs every package at once) it has taken 80-136 s, so it gets 10 minutes, not the slow
// project's 2.
describe('search DSL properties (slow)', { timeout: 10 * 60_000 }, () => {
  it('random and DSL-like strings never throw anything but SearchQueryError', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), parsesOrRefuses), { numRuns: RUNS });
    fc.assert(fc.property(dslishArb, parsesOrRefuses), { numRuns: RUNS });
  });

  it('every valid tree survives print then parse', () => {
    fc.assert(
      fc.property(queryArb, (query) => {
        expect(parseSearchQuery(printSearchQuery(query))).toStrictEqual(query);
      }),
      { numRuns: RUNS },
    );
  });
});
