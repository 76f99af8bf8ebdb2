// The header row: columns found by name in any order; every header mistake is named.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OFFERING_CSV_COLUMNS, offeringsToCsv, parseOfferingsCsv } from '../../src/csv/index';
import { OfferingFields } from '../../src/schemas/offering';
import { offering } from './fixtures';

/** Parses CSV text split into header and row cells, with the columns reordered by `order`. */
function reorderedCsv(csv: string, order: readonly number[]): string {
  const records = csv
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
  return records.map((cells) => order.map((index) => cells[index]).join(',')).join('\r\n');
}

describe('offerings CSV header', () => {
  it('has one column per offering field, named as the field', () => {
    expect([...OFFERING_CSV_COLUMNS].sort()).toStrictEqual(
      Object.keys(OfferingFields.shape).sort(),
    );
    expect(new Set(OFFERING_CSV_COLUMNS).size).toBe(OFFERING_CSV_COLUMNS.length);
  });

  it('keeps the documented order: the spec table order, slug first', () => {
    expect(OFFERING_CSV_COLUMNS.slice(0, 4)).toStrictEqual([
      'slug',
      'name',
      'description',
      'product_page_url',
    ]);
    expect(OFFERING_CSV_COLUMNS.at(-1)).toBe('allowed_accounts');
  });

  it('reads the columns in any order', () => {
    // No cell of this offering holds a comma, so splitting on commas is exact.
    const values = offering({ os_images: ['ubuntu-24.04'], provisioner_config: {} });
    const csv = offeringsToCsv([values]);
    const indices = OFFERING_CSV_COLUMNS.map((_, index) => index);
    fc.assert(
      fc.property(fc.shuffledSubarray(indices, { minLength: indices.length }), (order) => {
        const parsed = parseOfferingsCsv(reorderedCsv(csv, order));
        expect(parsed.headerErrors).toStrictEqual([]);
        expect(parsed.rows[0]?.values).toStrictEqual(values);
      }),
      { numRuns: 50 },
    );
  });

  it('lets optional columns out, their fields taking the defaults', () => {
    const csv = [
      'name,slug,product_type,virtualization,currency,price_per_month,cpu_cores,memory_mib,' +
        'disk_gib,disk_kind,bandwidth_mbps,country,provisioner,os_images',
      'Small,small,compute,kvm,EUR,450,2,4096,40,ssd,1000,DE,manual,"[""debian-12""]"',
    ].join('\n');
    const [row] = parseOfferingsCsv(csv).rows;
    expect(row?.errors).toStrictEqual([]);
    expect(row?.values).toStrictEqual(
      offering({
        slug: 'small',
        name: 'Small',
        disk_kind: 'ssd',
        provisioner: 'manual',
        provisioner_config: {},
        os_images: ['debian-12'],
      }),
    );
  });

  it('names an unknown column, suggesting the field it probably meant', () => {
    const csv = offeringsToCsv([offering()]).replace('memory_mib', 'memory_mb');
    const { headerErrors, rows } = parseOfferingsCsv(csv);
    expect(rows).toStrictEqual([]);
    expect(headerErrors).toStrictEqual([
      {
        field: 'memory_mb',
        message: "unknown column: not a field of an offering; did you mean 'memory_mib'?",
      },
    ]);
  });

  it('lists the columns when an unknown one resembles none', () => {
    const { headerErrors } = parseOfferingsCsv(`${OFFERING_CSV_COLUMNS.join(',')},warehouse\n`);
    expect(headerErrors).toHaveLength(1);
    expect(headerErrors[0]?.field).toBe('warehouse');
    expect(headerErrors[0]?.message).toContain('the columns are: slug, name, description');
  });

  it('refuses a column given twice, naming both positions', () => {
    const header = [...OFFERING_CSV_COLUMNS, 'name'];
    const { headerErrors } = parseOfferingsCsv(`${header.join(',')}\n`);
    expect(headerErrors).toStrictEqual([
      { field: 'name', message: `appears twice in the header (columns 2 and ${header.length})` },
    ]);
  });

  it('refuses an unnamed column', () => {
    const { headerErrors } = parseOfferingsCsv(`${OFFERING_CSV_COLUMNS.join(',')},\n`);
    expect(headerErrors).toStrictEqual([
      {
        field: `column ${OFFERING_CSV_COLUMNS.length + 1}`,
        message: 'has no name in the header row',
      },
    ]);
  });

  it('needs only the slug column: a file may hold just the fields it changes', () => {
    const parsed = parseOfferingsCsv('slug,price_per_month\nsmall,500\n');
    expect(parsed.headerErrors).toStrictEqual([]);
    expect(parsed.rows.map((row) => [row.columns, row.fields, row.errors])).toStrictEqual([
      [['slug', 'price_per_month'], { slug: 'small', price_per_month: 500 }, []],
    ]);
  });

  it('refuses a header without slug, as no row could be matched to an offering', () => {
    for (const header of ['name,price_per_month', OFFERING_CSV_COLUMNS.slice(1).join(',')]) {
      expect(parseOfferingsCsv(`${header}\nSmall,500\n`)).toStrictEqual({
        headerErrors: [
          {
            field: 'slug',
            message:
              'required column is missing from the header: each row names its offering by slug',
          },
        ],
        rows: [],
      });
    }
  });

  it('refuses an empty file, and one with blank lines only', () => {
    for (const text of ['', '\r\n\n', '\uFEFF']) {
      expect(parseOfferingsCsv(text)).toStrictEqual({
        headerErrors: [
          { field: '(row)', message: 'the file is empty; line 1 must be the header row' },
        ],
        rows: [],
      });
    }
  });

  it('ignores a byte order mark and spaces around header names', () => {
    const csv = offeringsToCsv([offering()]).replace('slug,name,', '\uFEFF slug , name,');
    const parsed = parseOfferingsCsv(csv);
    expect(parsed.headerErrors).toStrictEqual([]);
    expect(parsed.rows[0]?.values).toStrictEqual(offering());
  });
});
