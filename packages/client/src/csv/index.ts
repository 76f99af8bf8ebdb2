/**
 * CSV export and import of offerings (spec §3): {@link offeringsToCsv} writes every field of
 * each offering, {@link parseOfferingsCsv} reads such a file back (or one edited in a
 * spreadsheet, or one with only the columns to change) with a message per bad cell,
 * {@link offeringOfCsvRow} completes a row from the stored offering and
 * {@link changedOfferingFields} says what an import changes. Pure and browser-safe: the dashboard previews an
 * import with the same code the API imports with.
 *
 * @packageDocumentation
 */

export { CELL_ESCAPE, decodeCell, encodeCell } from './cell';
export {
  OFFERING_CSV_COLUMN_SPECS,
  OFFERING_CSV_COLUMNS,
  type OfferingCsvCellKind,
  type OfferingCsvColumn,
  type OfferingCsvColumnSpec,
} from './columns';
export { changedOfferingFields } from './compare';
export { type OfferingCsvIssue, ROW_FIELD } from './issues';
export { type ParsedOfferingsCsv, parseOfferingsCsv } from './parse';
export {
  missingRequiredColumns,
  type OfferingCsvRow,
  type OfferingCsvRowResult,
  offeringOfCsvRow,
} from './row';
export { offeringsToCsv } from './write';
