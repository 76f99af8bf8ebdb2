import { OfferingInput, type OfferingValues } from '../schemas/offering';
import { OFFERING_CSV_COLUMN_SPECS, type OfferingCsvColumn } from './columns';
import { csvIssuesOf, type OfferingCsvIssue } from './issues';

/**
 * One data row of an offerings CSV, read cell by cell. A file may leave columns out, so a row
 * is what the file says about one offering, not always a whole offering:
 * {@link offeringOfCsvRow} completes it from the stored offering of its slug, or from the
 * defaults when the slug is new.
 */
export interface OfferingCsvRow {
  /** 1-based line the row starts on; the header is line 1. */
  readonly line: number;
  /** The row's slug cell as written, even when the row has errors; `null` when empty. */
  readonly slug: string | null;
  /**
   * The columns of the file, in file order: the fields this row sets. Every other field keeps
   * its stored value on an existing offering and takes its default on a new one.
   */
  readonly columns: readonly OfferingCsvColumn[];
  /**
   * The value of each column of the file, read from its cell and checked against its field's
   * own rule: an empty cell is `null` where the field can be null, else the field's default. A
   * column whose cell was refused is missing here and named in `errors`.
   */
  readonly fields: Partial<OfferingValues>;
  /**
   * The offering the row creates when its slug is new ({@link offeringOfCsvRow} without a
   * stored offering): present when the file has every required column, `errors` is empty and
   * the fields, with defaults for the absent columns, pass `OfferingInput`. For an existing
   * slug the importer completes the row from the stored offering instead.
   */
  readonly values?: OfferingValues;
  /**
   * The problems that make the row an error whatever is stored: the row's shape, each refused
   * cell, each field's own rule, a slug used twice. Rules across fields (`max_hours >=
   * min_hours`) are here too when the file has every column, as the row alone is then the
   * whole offering; otherwise they depend on the stored offering and {@link offeringOfCsvRow}
   * reports them.
   */
  readonly errors: readonly OfferingCsvIssue[];
}

/** The whole offering a row makes, or every reason it cannot make one. */
export type OfferingCsvRowResult =
  | { readonly ok: true; readonly values: OfferingValues }
  | { readonly ok: false; readonly errors: readonly OfferingCsvIssue[] };

/** The columns a new offering needs (fields without a default) that the file does not have. */
export function missingRequiredColumns(columns: readonly OfferingCsvColumn[]): OfferingCsvColumn[] {
  const present = new Set(columns);
  return [...OFFERING_CSV_COLUMN_SPECS.values()]
    .filter((spec) => spec.required && !present.has(spec.name))
    .map((spec) => spec.name);
}

/**
 * Completes a row into a whole offering and validates it with `OfferingInput`, so the rules
 * across fields see the values that would be stored:
 * - with `stored` (the caller's offering of the row's slug), the row's columns replace those
 *   fields and every other field keeps its stored value, as a PATCH does;
 * - without, the row is a new offering: absent columns take their defaults, and each absent
 *   column without a default is an error naming it.
 *
 * A row with `errors` of its own gives those back unchanged. Pure: the importer and an import
 * preview in the browser give the same answer.
 */
export function offeringOfCsvRow(
  row: OfferingCsvRow,
  stored?: OfferingValues,
): OfferingCsvRowResult {
  if (row.errors.length > 0) return { ok: false, errors: row.errors };
  if (stored === undefined) {
    const missing = missingRequiredColumns(row.columns);
    if (missing.length > 0) {
      return {
        ok: false,
        errors: missing.map((column) => ({
          field: column,
          message: `a new offering needs this field, but the file has no ${column} column`,
        })),
      };
    }
  }
  const result = OfferingInput.safeParse({ ...stored, ...row.fields });
  return result.success
    ? { ok: true, values: result.data }
    : { ok: false, errors: csvIssuesOf(result.error.issues) };
}
