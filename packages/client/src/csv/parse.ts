import { OfferingFields, OfferingInput, type OfferingValues } from '../schemas/offering';
import { columnSpec, type OfferingCsvColumn } from './columns';
import { readHeader } from './header';
import { csvIssuesOf, type OfferingCsvIssue, ROW_FIELD } from './issues';
import { readCell } from './read-cell';
import { type CsvRecord, readCsvRecords } from './records';

/** One data row of an offerings CSV, read and validated. */
export interface OfferingCsvRow {
  /** 1-based line the row starts on; the header is line 1. */
  readonly line: number;
  /** The row's slug cell as written, even when the row has errors; `null` when empty. */
  readonly slug: string | null;
  /** The offering, present exactly when `errors` is empty. */
  readonly values?: OfferingValues;
  /** Every problem of the row at once, each naming its column. */
  readonly errors: readonly OfferingCsvIssue[];
}

/** An offerings CSV read: header problems, or the rows. */
export interface ParsedOfferingsCsv {
  /** Problems with the header row (line 1); when there are any, `rows` is empty. */
  readonly headerErrors: readonly OfferingCsvIssue[];
  readonly rows: readonly OfferingCsvRow[];
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
  if (rowErrors.length > 0) return { line: record.line, slug, errors: rowErrors };

  const input: Record<string, unknown> = {};
  const cellErrors: OfferingCsvIssue[] = [];
  columns.forEach((column, index) => {
    const reading = readCell(columnSpec(column), record.cells[index] as string);
    if (reading.kind === 'value') input[column] = reading.value;
    else if (reading.kind === 'error') cellErrors.push({ field: column, message: reading.message });
  });
  // With a cell refused, its field is missing: check the other fields one by one only, so the
  // cross-field rules cannot complain about a value the user did write.
  const result = (cellErrors.length > 0 ? OfferingFields : OfferingInput).safeParse(input);
  if (result.success && cellErrors.length === 0) {
    return { line: record.line, slug, values: result.data, errors: [] };
  }
  const refused = new Set(cellErrors.map((issue) => issue.field));
  const schemaErrors = result.success
    ? []
    : csvIssuesOf(result.error.issues).filter((issue) => !refused.has(issue.field));
  return { line: record.line, slug, errors: [...cellErrors, ...schemaErrors] };
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
 * columns are matched by header name in any order, optional columns may be left out (their
 * fields take the defaults), comma, semicolon or tab delimited, CRLF or LF line ends. Each row is
 * a whole offering: every cell is converted with a message naming the column and the value, then
 * validated with {@link OfferingInput}, and all of a row's problems are reported at once. A slug
 * used on two rows is an error on both. Pure: runs in the browser for an import preview.
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
