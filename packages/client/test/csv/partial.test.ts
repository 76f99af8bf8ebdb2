// A file with only some columns edits only those fields: a row is completed from the stored
// offering of its slug, or from the defaults when the slug is new, and validated whole.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  changedOfferingFields,
  OFFERING_CSV_COLUMNS,
  type OfferingCsvColumn,
  type OfferingCsvRow,
  offeringOfCsvRow,
  offeringsToCsv,
  parseOfferingsCsv,
} from '../../src/csv/index';
import { OfferingInput, type OfferingValues } from '../../src/schemas/offering';
import { offeringValuesArb } from './arbitraries';
import { offering } from './fixtures';

/** The only row of `csv`, asserting the header was read. */
function onlyRow(csv: string): OfferingCsvRow {
  const { headerErrors, rows } = parseOfferingsCsv(csv);
  expect(headerErrors).toStrictEqual([]);
  expect(rows).toHaveLength(1);
  return rows[0] as OfferingCsvRow;
}

/** A stored offering whose every optional field differs from its default. */
const stored = offering({
  description: 'Kept as stored',
  visibility: 'shared',
  allowed_accounts: ['alice'],
  stock: 'out_of_stock',
  draft: false,
  setup_fee: 900,
  min_hours: 24,
  max_hours: 720,
  city: 'Falkenstein',
  post_provision_script: '#!/bin/sh\n',
});

describe('offerings CSV with some columns only', () => {
  it('a price-only row changes the price and keeps every other stored field', () => {
    const row = onlyRow('slug,price_per_month\ncx22-fsn1,599\n');
    expect(row).toStrictEqual({
      line: 2,
      slug: 'cx22-fsn1',
      columns: ['slug', 'price_per_month'],
      fields: { slug: 'cx22-fsn1', price_per_month: 599 },
      errors: [],
    });
    const merged = offeringOfCsvRow(row, stored);
    expect(merged).toStrictEqual({ ok: true, values: { ...stored, price_per_month: 599 } });
    expect(changedOfferingFields(stored, { ...stored, price_per_month: 599 })).toStrictEqual([
      'price_per_month',
    ]);
  });

  it('a price-only row for a new slug names every column a new offering needs', () => {
    const row = onlyRow('slug,price_per_month\nbrand-new,599\n');
    expect(row.values).toBeUndefined();
    expect(offeringOfCsvRow(row)).toStrictEqual({
      ok: false,
      errors: [
        'name',
        'product_type',
        'virtualization',
        'currency',
        'cpu_cores',
        'memory_mib',
        'disk_gib',
        'disk_kind',
        'bandwidth_mbps',
        'country',
        'provisioner',
        'os_images',
      ].map((column) => ({
        field: column,
        message: `a new offering needs this field, but the file has no ${column} column`,
      })),
    });
  });

  it('still reports a bad cell and a broken field rule without knowing the stored offering', () => {
    const row = onlyRow('slug,price_per_month,currency,os_images\nx,12.5x,euro,"[""a b""]"\n');
    const errors = [
      { field: 'price_per_month', message: "'12.5x' is not an integer number of minor units" },
      {
        field: 'currency',
        message: 'must be an upper-case ISO 4217 currency code such as USD or EUR',
      },
      { field: 'os_images', message: 'entry 1: invalid image name' },
    ];
    expect(row.errors).toStrictEqual(errors);
    expect(row.fields).toStrictEqual({ slug: 'x' });
    // The row's own errors stand for an existing offering too.
    expect(offeringOfCsvRow(row, stored)).toStrictEqual({ ok: false, errors });
  });

  it('checks rules across fields on the merged offering, as they depend on stored values', () => {
    const row = onlyRow('slug,max_hours\ncx22-fsn1,12\n');
    expect(row.errors).toStrictEqual([]);
    expect(offeringOfCsvRow(row, stored)).toStrictEqual({
      ok: false,
      errors: [{ field: 'max_hours', message: 'must be >= min_hours' }],
    });
    expect(offeringOfCsvRow(row, { ...stored, min_hours: 1 })).toStrictEqual({
      ok: true,
      values: { ...stored, min_hours: 1, max_hours: 12 },
    });
  });

  it('a row with the required columns but not every column is complete only for a new slug', () => {
    // Without a visibility column, a new offering would be public, which has no allow-list;
    // the stored one is shared, so the same row is a good edit of it.
    const columns = OFFERING_CSV_COLUMNS.filter((column) => column !== 'visibility');
    const row = onlyRow(offeringsToCsv([{ ...stored, description: 'New text' }], columns));
    expect(row.errors).toStrictEqual([]);
    expect(row.values).toBeUndefined();
    expect(offeringOfCsvRow(row)).toStrictEqual({
      ok: false,
      errors: [
        {
          field: 'allowed_accounts',
          message: 'only a shared offering has an allow-list; set visibility to shared',
        },
      ],
    });
    const merged = offeringOfCsvRow(row, stored);
    expect(merged).toStrictEqual({ ok: true, values: { ...stored, description: 'New text' } });
  });

  it('a row with every required column gives the offering it creates, defaults for the rest', () => {
    const required = OFFERING_CSV_COLUMNS.filter(
      (column) => !OfferingInput.safeParse({ ...offering(), [column]: undefined }).success,
    );
    const row = onlyRow(offeringsToCsv([stored], required));
    // `provisioner_config` has a default ({}), so the fixture's config is not in this file.
    const created = offering({ provisioner_config: {} });
    expect(row.values).toStrictEqual(created);
    expect(offeringOfCsvRow(row)).toStrictEqual({ ok: true, values: created });
    expect(offeringOfCsvRow(row, stored)).toStrictEqual({ ok: true, values: stored });
  });

  it('an empty cell in a column of the file means what it means in a whole row', () => {
    const row = onlyRow('slug,stock,city\ncx22-fsn1,,\n');
    expect(offeringOfCsvRow(row, stored)).toStrictEqual({
      ok: true,
      values: { ...stored, stock: 'in_stock', city: null },
    });
  });

  it('completes any subset of columns from the stored offering, field by field', () => {
    const subsetArb = fc
      .subarray(OFFERING_CSV_COLUMNS.filter((column) => column !== 'slug'))
      .map((columns): OfferingCsvColumn[] => ['slug', ...columns]);
    fc.assert(
      fc.property(offeringValuesArb, offeringValuesArb, subsetArb, (before, edit, columns) => {
        const file: OfferingValues = { ...edit, slug: before.slug };
        const row = onlyRow(offeringsToCsv([file], columns));
        expect(row.errors).toStrictEqual([]);
        const picked = Object.fromEntries(columns.map((column) => [column, file[column]]));
        const expected = OfferingInput.safeParse({ ...before, ...picked });
        const merged = offeringOfCsvRow(row, before);
        expect(merged.ok).toBe(expected.success);
        if (!merged.ok || !expected.success) return;
        expect(merged.values).toStrictEqual(expected.data);
        const changed = changedOfferingFields(before, merged.values);
        for (const column of changed) expect(columns).toContain(column);
        expect(changedOfferingFields(before, before)).toStrictEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe('changedOfferingFields', () => {
  it('lists the fields that differ, in column order', () => {
    const values = { ...stored, price_per_month: 1, draft: true, name: 'Renamed' };
    expect(changedOfferingFields(stored, values)).toStrictEqual([
      'name',
      'draft',
      'price_per_month',
    ]);
  });

  it('ignores the order and repeats of allow-list names and the key order of JSON', () => {
    const before = { ...stored, allowed_accounts: ['alice', 'bob'] };
    expect(
      changedOfferingFields(before, {
        ...before,
        allowed_accounts: ['bob', 'alice', 'bob'],
        provisioner_config: { location: 'fsn1', server_type: 'cx22' },
      }),
    ).toStrictEqual([]);
    expect(changedOfferingFields(before, { ...before, allowed_accounts: ['alice'] })).toStrictEqual(
      ['allowed_accounts'],
    );
  });
});
