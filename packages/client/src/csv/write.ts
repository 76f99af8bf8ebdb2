import Papa from 'papaparse';
import type { OfferingValues } from '../schemas/offering';
import { encodeCell } from './cell';
import {
  columnSpec,
  OFFERING_CSV_COLUMNS,
  type OfferingCsvCellKind,
  type OfferingCsvColumn,
} from './columns';

/** One field value as cell text, before the formula guard; `null` stays `null`. */
function cellText(kind: OfferingCsvCellKind, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'json_object':
    case 'string_list':
      return JSON.stringify(value);
    case 'integer':
    case 'money':
    case 'boolean':
      // Integers below 2^53 print as plain digits, never in exponent form.
      return String(value);
    case 'text':
    case 'token':
      return value as string;
  }
}

/**
 * Writes offerings as CSV (RFC 4180: comma-separated, each record ending in CRLF, cells quoted
 * when they hold a comma, quote, line break or edge space): a header row of `columns` (every
 * field, {@link OFFERING_CSV_COLUMNS}, unless fewer are asked for), then one row per offering.
 * {@link parseOfferingsCsv} reads the text back to equal values. A file of some columns only
 * (`['slug', 'price_per_month']`) imports as an edit of just those fields.
 *
 * Cells: `null` is empty; booleans are `true`/`false`; money is integer minor units;
 * `provisioner_config` is a JSON object; `os_images` and `allowed_accounts` are JSON arrays of
 * strings. A cell that a spreadsheet would run as a formula (starting with `= + - @`, tab or CR)
 * is written with a leading `'`, as is one that starts with `'`; import removes exactly one.
 */
export function offeringsToCsv(
  offerings: readonly OfferingValues[],
  columns: readonly OfferingCsvColumn[] = OFFERING_CSV_COLUMNS,
): string {
  const specs = columns.map(columnSpec);
  const rows = offerings.map((offering) =>
    specs.map((spec) => encodeCell(cellText(spec.kind, offering[spec.name]), spec.nullable)),
  );
  // papaparse's own `escapeFormulae` is off: it escapes without a reversible rule.
  const text = Papa.unparse([[...columns], ...rows], {
    newline: '\r\n',
    escapeFormulae: false,
  });
  // Every record, the last included, ends with a line break, as line-oriented tools expect.
  return `${text}\r\n`;
}
