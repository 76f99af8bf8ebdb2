import type { z } from 'zod';

/**
 * One problem in an offerings CSV: `field` is the column (an offering field name), or
 * {@link ROW_FIELD} for a problem with the row as a whole.
 */
export interface OfferingCsvIssue {
  readonly field: string;
  readonly message: string;
}

/** The `field` of a problem with a whole row (wrong number of cells, broken quoting). */
export const ROW_FIELD = '(row)';

/**
 * Zod issues as CSV issues: the field is the column; a path inside a list cell becomes an entry
 * number in the message (`os_images`: `entry 2: invalid image name`), counted from 1 as a
 * spreadsheet user counts. `column` is given when the issues come from one field's own schema,
 * whose paths start inside that field.
 */
export function csvIssuesOf(
  issues: readonly z.core.$ZodIssue[],
  column?: string,
): OfferingCsvIssue[] {
  return issues.map((issue) => {
    const [field, ...inner] = column === undefined ? issue.path : [column, ...issue.path];
    const where = inner
      .map((key) => (typeof key === 'number' ? `entry ${key + 1}` : String(key)))
      .join(', ');
    return {
      field: field === undefined ? ROW_FIELD : String(field),
      message: where === '' ? issue.message : `${where}: ${issue.message}`,
    };
  });
}
