/**
 * The first characters that make a spreadsheet run a cell as a formula (`=`, `+`, `-`, `@`) or
 * that some spreadsheets strip before doing so (tab, carriage return); see OWASP "CSV Injection".
 */
const FORMULA_TRIGGERS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** The escape mark: spreadsheets show a cell starting with it as text, never as a formula. */
export const CELL_ESCAPE = "'";

/**
 * Writes a cell value so that a spreadsheet never runs it and import reads it back exactly:
 * - `null` is an empty cell;
 * - a value that starts with a formula trigger (`= + - @`, tab, CR) or with `'` itself gets one
 *   leading `'`; escaping `'` too keeps the mapping reversible (`'=1` is written `''=1`);
 * - the empty string is a lone `'` in a nullable column, where an empty cell means `null`.
 */
export function encodeCell(value: string | null, nullable: boolean): string {
  if (value === null) return '';
  if (value === '') return nullable ? CELL_ESCAPE : '';
  const first = value.charAt(0);
  return first === CELL_ESCAPE || FORMULA_TRIGGERS.has(first) ? CELL_ESCAPE + value : value;
}

/**
 * Reads a cell written by {@link encodeCell}: empty is `null`, one leading `'` is dropped. A cell
 * typed by hand without the mark (`=x`, `-5`) reads as written.
 */
export function decodeCell(cell: string): string | null {
  if (cell === '') return null;
  return cell.startsWith(CELL_ESCAPE) ? cell.slice(1) : cell;
}
