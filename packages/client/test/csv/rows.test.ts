// Data rows: every cell converted with a message naming the column and the value; nothing is
// guessed, nothing silently dropped.

import { describe, expect, it } from 'vitest';
import {
  OFFERING_CSV_COLUMNS,
  type OfferingCsvColumn,
  offeringsToCsv,
  parseOfferingsCsv,
} from '../../src/csv/index';
import type { OfferingValues } from '../../src/schemas/offering';
import { offering } from './fixtures';

/** The CSV of `values` with the cells of some columns replaced (as written in the file). */
function withCells(
  values: OfferingValues,
  cells: Partial<Record<OfferingCsvColumn, string>>,
): string {
  const row = OFFERING_CSV_COLUMNS.map((name) => cells[name] ?? quote(cellOf(values, name)));
  return `${OFFERING_CSV_COLUMNS.join(',')}\r\n${row.join(',')}\r\n`;
}

const withCell = (values: OfferingValues, column: OfferingCsvColumn, cell: string) =>
  withCells(values, { [column]: cell });

/** How a field is written, without the formula guard (the fixture has no risky text). */
function cellOf(values: OfferingValues, column: OfferingCsvColumn): string {
  const value = values[column];
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** The only row of `csv`, which must have errors. */
function errorsOf(csv: string) {
  const { headerErrors, rows } = parseOfferingsCsv(csv);
  expect(headerErrors).toStrictEqual([]);
  expect(rows).toHaveLength(1);
  expect(rows[0]?.values).toBeUndefined();
  return rows[0]?.errors;
}

describe('offerings CSV rows', () => {
  it('a bad number is an error naming the column and the value, never null', () => {
    expect(errorsOf(withCell(offering(), 'price_per_month', '12.5x'))).toStrictEqual([
      { field: 'price_per_month', message: "'12.5x' is not an integer number of minor units" },
    ]);
    expect(errorsOf(withCell(offering(), 'max_hours', 'ten'))).toStrictEqual([
      { field: 'max_hours', message: "'ten' is not a whole number" },
    ]);
    expect(errorsOf(withCell(offering(), 'cpu_cores', '2.0'))).toStrictEqual([
      { field: 'cpu_cores', message: "'2.0' is not a whole number" },
    ]);
  });

  it('explains minor units when a price is written with decimals', () => {
    expect(errorsOf(withCell(offering(), 'setup_fee', '12.50'))).toStrictEqual([
      {
        field: 'setup_fee',
        message: "'12.50' is not an integer number of minor units (e.g. cents: 12.50 USD is 1250)",
      },
    ]);
  });

  it('refuses a number beyond 2^53 instead of storing a different one', () => {
    expect(errorsOf(withCell(offering(), 'price_per_month', '9007199254740993'))).toStrictEqual([
      { field: 'price_per_month', message: "'9007199254740993' is too large" },
    ]);
  });

  it('reads numbers and booleans with surrounding spaces, and booleans in any case', () => {
    const csv = withCell(offering(), 'cpu_cores', ' 8 ').replace(',true,', ', TRUE ,');
    const [row] = parseOfferingsCsv(csv).rows;
    expect(row?.errors).toStrictEqual([]);
    expect(row?.values).toStrictEqual(offering({ cpu_cores: 8, draft: true }));
  });

  it('refuses a boolean other than true or false', () => {
    expect(errorsOf(withCell(offering(), 'ipv6', 'yes'))).toStrictEqual([
      { field: 'ipv6', message: "'yes' is not a boolean; write true or false" },
    ]);
  });

  it('refuses provisioner_config that is not a JSON object', () => {
    const [broken] =
      errorsOf(withCell(offering(), 'provisioner_config', '"{location: fsn1}"')) ?? [];
    expect(broken?.field).toBe('provisioner_config');
    expect(broken?.message).toMatch(/^'\{location: fsn1\}' is not valid JSON: .+; write e\.g\. /);
    expect(errorsOf(withCell(offering(), 'provisioner_config', '"[1,2]"'))).toStrictEqual([
      {
        field: 'provisioner_config',
        message: `'[1,2]' is not a JSON object; write e.g. {"location":"fsn1"} or {}`,
      },
    ]);
  });

  it('refuses a list that is not a JSON array of strings', () => {
    expect(errorsOf(withCell(offering(), 'os_images', 'ubuntu-24.04'))?.[0]?.message).toMatch(
      /^'ubuntu-24.04' is not valid JSON/,
    );
    expect(errorsOf(withCell(offering(), 'allowed_accounts', '"[1]"'))).toStrictEqual([
      {
        field: 'allowed_accounts',
        message: `'[1]' is not a JSON array of strings; write e.g. ["ubuntu-24.04","debian-12"] or []`,
      },
    ]);
  });

  it('an empty cell is null where the field can be null, the default where it has one', () => {
    const values = offering({ city: 'Berlin', setup_fee: 500, stock: 'out_of_stock' });
    const [row] = parseOfferingsCsv(withCells(values, { city: '', setup_fee: '', stock: '' })).rows;
    expect(row?.errors).toStrictEqual([]);
    expect(row?.values).toStrictEqual({ ...values, city: null, setup_fee: 0, stock: 'in_stock' });
  });

  it('an empty cell where the field is required is an error', () => {
    expect(errorsOf(withCell(offering(), 'cpu_cores', ''))).toStrictEqual([
      { field: 'cpu_cores', message: 'is required but the cell is empty' },
    ]);
  });

  it('maps schema rules to their column, with the entry number inside a list', () => {
    const csv = withCell(offering(), 'os_images', '"[""ubuntu-24.04"",""bad image""]"');
    expect(errorsOf(withCell(offering({ currency: 'EUR' }), 'currency', 'euro'))).toStrictEqual([
      {
        field: 'currency',
        message: 'must be an upper-case ISO 4217 currency code such as USD or EUR',
      },
    ]);
    expect(errorsOf(csv)).toStrictEqual([
      { field: 'os_images', message: 'entry 2: invalid image name' },
    ]);
  });

  it('reports rules across fields on the field to fix', () => {
    expect(errorsOf(withCell(offering({ min_hours: 10 }), 'max_hours', '5'))).toStrictEqual([
      { field: 'max_hours', message: 'must be >= min_hours' },
    ]);
    expect(errorsOf(withCell(offering(), 'allowed_accounts', '"[""alice""]"'))).toStrictEqual([
      {
        field: 'allowed_accounts',
        message: 'only a shared offering has an allow-list; set visibility to shared',
      },
    ]);
  });

  it('reports every problem of a row at once, without cross-field noise from refused cells', () => {
    const gpu = offering({
      product_type: 'gpu',
      gpu_count: 1,
      gpu_model: 'L4',
      gpu_memory_gib: 24,
    });
    // With gpu_count refused, a cross-field check would wrongly see 0 GPUs on a gpu offering.
    const csv = withCells(gpu, { gpu_count: 'one', country: 'Germany', name: '' });
    expect(errorsOf(csv)).toStrictEqual([
      { field: 'name', message: 'is required but the cell is empty' },
      { field: 'gpu_count', message: "'one' is not a whole number" },
      {
        field: 'country',
        message: 'must be an upper-case ISO 3166-1 alpha-2 country code such as DE or US',
      },
    ]);
  });

  it('refuses a row with too many or too few cells', () => {
    const header = OFFERING_CSV_COLUMNS.join(',');
    const row = offeringsToCsv([offering()]).split('\r\n')[1] ?? '';
    const count = OFFERING_CSV_COLUMNS.length;
    expect(errorsOf(`${header}\n${row},extra`)).toStrictEqual([
      { field: '(row)', message: `has ${count + 1} cells but the header has ${count} columns` },
    ]);
    expect(errorsOf(`${header}\nsmall,Small`)).toStrictEqual([
      { field: '(row)', message: `has 2 cells but the header has ${count} columns` },
    ]);
  });

  it('reports broken quoting on the row it starts on', () => {
    const header = OFFERING_CSV_COLUMNS.join(',');
    const good = offeringsToCsv([offering()]).split('\r\n')[1] ?? '';
    const { rows } = parseOfferingsCsv(`${header}\n${good}\n"broken"x,y\n`);
    expect(rows[0]?.errors).toStrictEqual([]);
    expect(rows[1]?.line).toBe(3);
    expect(rows[1]?.errors[0]?.field).toBe('(row)');
    expect(rows[1]?.errors[0]?.message).toMatch(/^broken quoting: /);
  });

  it('refuses NUL, which no field can hold, in text and inside JSON', () => {
    expect(errorsOf(withCell(offering(), 'description', 'a\u0000b'))).toStrictEqual([
      { field: 'description', message: 'contains a NUL character, which no field can hold' },
    ]);
    expect(
      errorsOf(withCell(offering(), 'provisioner_config', '"{""a"":""\\u0000""}"')),
    ).toStrictEqual([
      { field: 'provisioner_config', message: 'contains a NUL character, which no field can hold' },
    ]);
  });

  it('marks every row of a slug used twice, naming the other lines', () => {
    const one = offering();
    const csv = offeringsToCsv([one, offering({ slug: 'other' }), one]);
    const { rows } = parseOfferingsCsv(csv);
    expect(rows.map((row) => [row.line, row.values === undefined, row.errors])).toStrictEqual([
      [2, true, [{ field: 'slug', message: "'cx22-fsn1' is also used on line 4; each slug once" }]],
      [3, false, []],
      [4, true, [{ field: 'slug', message: "'cx22-fsn1' is also used on line 2; each slug once" }]],
    ]);
  });

  it('reads a hand-typed formula-like cell as written, and strips one escape mark', () => {
    const [typed] = parseOfferingsCsv(withCell(offering(), 'description', '=1+1')).rows;
    expect(typed?.values?.description).toBe('=1+1');
    const [escaped] = parseOfferingsCsv(withCell(offering(), 'description', "''quoted")).rows;
    expect(escaped?.values?.description).toBe("'quoted");
  });

  it('reads semicolon-delimited files with LF line ends, as some spreadsheets save them', () => {
    const values = offering({ os_images: ['debian-12'], provisioner_config: {} });
    const csv = offeringsToCsv([values]).replaceAll(',', ';').replaceAll('\r\n', '\n');
    const [row] = parseOfferingsCsv(csv).rows;
    expect(row?.errors).toStrictEqual([]);
    expect(row?.values).toStrictEqual(values);
  });

  it('skips blank lines but keeps counting them', () => {
    const [header, row] = offeringsToCsv([offering()]).split('\r\n');
    const { rows } = parseOfferingsCsv(`${header}\n\n\n${row}\n\n`);
    expect(rows.map((r) => [r.line, r.errors])).toStrictEqual([[4, []]]);
  });
});
