// Export then import gives back the very same offerings, whatever their text holds.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OFFERING_CSV_COLUMNS, offeringsToCsv, parseOfferingsCsv } from '../../src/csv/index';
import { offeringListArb } from './arbitraries';
import { offering } from './fixtures';

/** The values of every row, asserting no row or header has errors. */
function importedValues(csv: string) {
  const parsed = parseOfferingsCsv(csv);
  expect(parsed.headerErrors).toStrictEqual([]);
  for (const row of parsed.rows) expect(row.errors).toStrictEqual([]);
  return parsed.rows.map((row) => row.values);
}

describe('offerings CSV round trip', () => {
  it('any valid offerings survive offeringsToCsv then parseOfferingsCsv unchanged', () => {
    fc.assert(
      fc.property(offeringListArb, (offerings) => {
        expect(importedValues(offeringsToCsv(offerings))).toStrictEqual(offerings);
      }),
      { numRuns: 300 },
    );
  });

  it('numbers each row by the line it starts on, counting line breaks inside cells', () => {
    fc.assert(
      fc.property(offeringListArb, (offerings) => {
        const csv = offeringsToCsv(offerings);
        const lines = csv.split(/\r\n|\n|\r/);
        for (const row of parseOfferingsCsv(csv).rows) {
          // The slug is the first column and never needs quoting, so its line starts with it.
          expect(lines[row.line - 1]?.startsWith(`${row.slug},`)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('cells a spreadsheet would run as formulas are escaped and come back as written', () => {
    const dangerous = ['=1+1', '+49 30 123', '-2', '@SUM(A1)', '\tx', '\rx', "'", "'=1", "''"];
    for (const text of dangerous) {
      const values = offering({ description: text, post_provision_script: text, city: `${text}x` });
      const csv = offeringsToCsv([values]);
      const cells = csv.split('\r\n').slice(1).join('\r\n');
      // No cell of the data row starts with a trigger once the CSV quoting is removed.
      expect(cells).not.toMatch(/(^|,)"?[=+\-@\t\r]/);
      expect(importedValues(csv)).toStrictEqual([values]);
    }
  });

  it('keeps quotes, commas, line breaks, leading spaces and unicode in text exactly', () => {
    const text = ' "Fast", cheap\r\nand\nnear: Zürich 中文 🦀 e\u0301 \uFEFF; tab\there ';
    const values = offering({
      name: 'A "quoted", name',
      description: text,
      post_provision_script: '#!/bin/sh\necho "hi, there"\r\n',
      provisioner_config: { note: text, nested: { list: [1, 'a,b', null, true] } },
    });
    expect(importedValues(offeringsToCsv([values]))).toStrictEqual([values]);
  });

  it('tells an empty post-provision script from none', () => {
    const empty = offering({ slug: 'empty', post_provision_script: '' });
    const none = offering({ slug: 'none', post_provision_script: null });
    expect(importedValues(offeringsToCsv([empty, none]))).toStrictEqual([empty, none]);
  });

  it('writes only the header for no offerings, and reads that back as no rows', () => {
    const csv = offeringsToCsv([]);
    expect(csv).toBe(`${OFFERING_CSV_COLUMNS.join(',')}\r\n`);
    expect(importedValues(csv)).toStrictEqual([]);
  });
});
