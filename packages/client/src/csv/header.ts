import { OFFERING_CSV_COLUMN_SPECS, OFFERING_CSV_COLUMNS, type OfferingCsvColumn } from './columns';
import type { OfferingCsvIssue } from './issues';

/** The header read: which field each cell position holds. */
export interface OfferingCsvHeader {
  /** Column position → field, for a header without errors. */
  readonly columns: readonly OfferingCsvColumn[];
  readonly errors: readonly OfferingCsvIssue[];
}

/** Edit distance, to suggest the column a misspelt header meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(
        Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitution),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

function unknownColumnMessage(name: string): string {
  const guess = OFFERING_CSV_COLUMNS.map((column) => ({ column, d: distance(name, column) })).sort(
    (x, y) => x.d - y.d,
  )[0];
  const hint =
    guess !== undefined && guess.d <= 3
      ? `did you mean '${guess.column}'?`
      : `the columns are: ${OFFERING_CSV_COLUMNS.join(', ')}`;
  return `unknown column: not a field of an offering; ${hint}`;
}

/**
 * Matches header cells to offering fields by name (surrounding spaces ignored), in any order.
 * An unknown name, a name given twice, an unnamed column and a missing `slug` column are each an
 * error; the rows of such a file are not read, as no row could be read with certainty. Other
 * columns may be left out: a file of `slug,price_per_month` reprices existing offerings (the
 * rows that create an offering are checked for the columns it needs, row by row).
 */
export function readHeader(cells: readonly string[]): OfferingCsvHeader {
  const errors: OfferingCsvIssue[] = [];
  const columns: OfferingCsvColumn[] = [];
  const seenAt = new Map<string, number>();
  cells.forEach((cell, index) => {
    const name = cell.trim();
    const position = index + 1;
    if (name === '') {
      errors.push({ field: `column ${position}`, message: 'has no name in the header row' });
      return;
    }
    const first = seenAt.get(name);
    if (first !== undefined) {
      errors.push({
        field: name,
        message: `appears twice in the header (columns ${first} and ${position})`,
      });
      return;
    }
    seenAt.set(name, position);
    const spec = OFFERING_CSV_COLUMN_SPECS.get(name);
    if (spec === undefined) {
      errors.push({ field: name, message: unknownColumnMessage(name) });
      return;
    }
    columns.push(spec.name);
  });
  if (!seenAt.has('slug')) {
    errors.push({
      field: 'slug',
      message: 'required column is missing from the header: each row names its offering by slug',
    });
  }
  return { columns: errors.length === 0 ? columns : [], errors };
}
