import type { z } from 'zod';
import { OfferingFields } from '../schemas/offering';
import { columnSpec, OFFERING_CSV_COLUMNS, type OfferingCsvColumn } from './columns';
import { readHeader } from './header';
import { csvIssuesOf, type OfferingCsvIssue, ROW_FIELD } from './issues';
import { readCell } from './read-cell';
import { type CsvRecord, readCsvRecords } from './records';
import { type OfferingCsvRow, offeringOfCsvRow } from './row';

/** An offerings CSV read: header problems, or the rows. */
export interface ParsedOfferingsCsv {
  /** Problems with the header row (line 1); when there are any, `rows` is empty. */
  readonly headerErrors: readonly OfferingCsvIssue[];
  readonly rows: readonly OfferingCsvRow[];
}

/**
 * Reads each cell and checks it against its field's own rule, which holds whatever the other
 * fields are; rules across fields wait for the whole offering.
 */
function readFields(record: CsvRecord, columns: readonly OfferingCsvColumn[]) {
  const fields: Record<string, unknown> = {};
  const errors: OfferingCsvIssue[] = [];
  columns.forEach((column, index) => {
    const reading = readCell(columnSpec(column), record.cells[index] as string);
    if (reading.kind === 'error') {
      errors.push({ field: column, message: reading.message });
      return;
    }
    // An empty cell where the field has a default stands for the default: the schema gives it.
    const schema: z.ZodType = OfferingFields.shape[column];
    const result = schema.safeParse(reading.kind === 'value' ? reading.value : undefined);
    if (result.success) fields[column] = result.data;
    else errors.push(...csvIssuesOf(result.error.issues, column));
  });
  return { fields: fields as OfferingCsvRow['fields'], errors };
}

/** Converts and validates one record against the header's columns. */
function readRow(record: CsvRecord, columns: readonly OfferingCsvColumn[]): OfferingCsvRow {
  const slugAt = columns.indexOf('slug');
  const slugCell = record.cells[slugAt]?.trim() ?? '';
  const slug = slugCell === '' ? null : slugCell;
  const rowErrors = record.problems.map((message) => ({
    field: ROW_FIELD,
    message: `broken quoting: ${message}; a cell holding a quote must be quoted, the quote doubled`,
  }));
  if (record.cells.length !== columns.length) {
    rowErrors.push({
      field: ROW_FIELD,
      message: `has ${record.cells.length} cells but the header has ${columns.length} columns`,
    });
  }
  if (rowErrors.length > 0)
    return { line: record.line, slug, columns, fields: {}, errors: rowErrors };

  const { fields, errors } = readFields(record, columns);
  const row: OfferingCsvRow = { line: record.line, slug, columns, fields, errors };
  if (errors.length > 0) return row;
  const created = offeringOfCsvRow(row);
  if (created.ok) return { ...row, values: created.values };
  // With every column in the file the row is the whole offering, so its cross-field problems
  // hold for an existing slug too; with some left out they depend on the stored offering.
  return columns.length === OFFERING_CSV_COLUMNS.length ? { ...row, errors: created.errors } : row;
}

/** Every row sharing a slug is an error: which one the file means cannot be known. */
function markDuplicateSlugs(rows: OfferingCsvRow[]): OfferingCsvRow[] {
  const linesBySlug = new Map<string, number[]>();
  for (const row of rows) {
    if (row.slug !== null)
      linesBySlug.set(row.slug, [...(linesBySlug.get(row.slug) ?? []), row.line]);
  }
  return rows.map((row) => {
    const lines = row.slug === null ? [] : (linesBySlug.get(row.slug) ?? []);
    if (lines.length < 2) return row;
    const others = lines.filter((line) => line !== row.line);
    const where = `line${others.length > 1 ? 's' : ''} ${others.join(', ')}`;
    const { values: _dropped, ...rest } = row;
    return {
      ...rest,
      errors: [
        ...row.errors,
        { field: 'slug', message: `'${row.slug}' is also used on ${where}; each slug once` },
      ],
    };
  });
}

/**
 * Reads an offerings CSV as {@link offeringsToCsv} writes it, or as a spreadsheet saves it:
 * columns are matched by header name in any order, comma, semicolon or tab delimited, CRLF or LF
 * line ends. Only `slug` is a required column: a file may carry just the fields it changes
 * (`slug,price_per_month`), and {@link offeringOfCsvRow} completes each row from the stored
 * offering, or from the defaults for a new slug. Every cell is converted with a message naming
 * the column and the value and checked against its field's rule, and all of a row's problems
 * are reported at once. A slug used on two rows is an error on both. Pure: runs in the browser
 * for an import preview.
 */
export function parseOfferingsCsv(text: string): ParsedOfferingsCsv {
  const [header, ...records] = readCsvRecords(text);
  if (header === undefined) {
    return {
      headerErrors: [
        { field: ROW_FIELD, message: 'the file is empty; line 1 must be the header row' },
      ],
      rows: [],
    };
  }
  const { columns, errors } = readHeader(header.cells);
  const headerErrors = [
    ...header.problems.map((message) => ({
      field: ROW_FIELD,
      message: `broken quoting: ${message}`,
    })),
    ...errors,
  ];
  if (headerErrors.length > 0) return { headerErrors, rows: [] };
  return {
    headerErrors,
    rows: markDuplicateSlugs(records.map((record) => readRow(record, columns))),
  };
}
