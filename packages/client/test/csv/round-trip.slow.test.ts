// The round trip of round-trip.test.ts with many more runs (`pnpm test`, not `test:fast`).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { offeringsToCsv, parseOfferingsCsv } from '../../src/csv/index';
import { offeringListArb } from './arbitraries';

// A fixed number of runs is the point of this file, not its speed: on a loaded shared machine
// (CI runs every package at once) it has taken 80-136 s, so it gets 10 minutes, not the slow
// project's 2.
describe('offerings CSV round trip, long run', { timeout: 10 * 60_000 }, () => {
  it('any valid offerings survive export then import, rows numbered by their first line', () => {
    fc.assert(
      fc.property(offeringListArb, (offerings) => {
        const csv = offeringsToCsv(offerings);
        const parsed = parseOfferingsCsv(csv);
        expect(parsed.headerErrors).toStrictEqual([]);
        expect(parsed.rows.flatMap((row) => row.errors)).toStrictEqual([]);
        expect(parsed.rows.map((row) => row.values)).toStrictEqual(offerings);
        const lines = csv.split(/\r\n|\n|\r/);
        for (const row of parsed.rows) {
          expect(lines[row.line - 1]?.startsWith(`${row.slug},`)).toBe(true);
        }
      }),
      { numRuns: 5_000 },
    );
  });
});
