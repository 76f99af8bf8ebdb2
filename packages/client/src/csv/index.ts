/**
 * CSV export and import of offerings (spec §3): {@link offeringsToCsv} writes every field of
 * each offering, {@link parseOfferingsCsv} reads such a file back (or one edited in a
 * spreadsheet) with a message per bad cell. Pure and browser-safe: the dashboard previews an
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
export { type OfferingCsvIssue, ROW_FIELD } from './issues';
export { type OfferingCsvRow, type ParsedOfferingsCsv, parseOfferingsCsv } from './parse';
export { offeringsToCsv } from './write';
