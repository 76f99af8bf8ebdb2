import Papa from 'papaparse';

/** One CSV record (a row, possibly spanning several lines) and where it starts. */
export interface CsvRecord {
  /** 1-based line of the file the record starts on. */
  readonly line: number;
  readonly cells: readonly string[];
  /** Quoting problems papaparse found in this record. */
  readonly problems: readonly string[];
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * The delimiter is the character after the first header name: comma, or semicolon and tab as
 * spreadsheets in some locales write them. Read off the header rather than guessed from
 * frequencies, so commas inside JSON cells can never mislead it.
 */
function delimiterOf(text: string): string {
  return /^"?[^,;\t"\r\n]*"?([,;\t])/.exec(text)?.[1] ?? ',';
}

/** Counts line breaks (CRLF, LF or a lone CR) in `text` between `from` and `to`. */
function lineBreaksBetween(text: string, from: number, to: number): number {
  let breaks = 0;
  for (let i = from; i < to; i += 1) {
    const char = text.charCodeAt(i);
    if (char === 10) breaks += 1;
    else if (char === 13 && text.charCodeAt(i + 1) !== 10) breaks += 1;
  }
  return breaks;
}

/**
 * Splits CSV text into records, each with the line it starts on (so a cell holding line breaks
 * does not shift the line numbers of the rows after it). Records whose cells are all blank
 * (blank lines, a trailing line break) are left out. A leading byte order mark is ignored.
 */
export function readCsvRecords(input: string): CsvRecord[] {
  const text = input.startsWith(BYTE_ORDER_MARK) ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    delimiter: delimiterOf(text),
    step: (result) => {
      const cells = result.data;
      if (cells.some((cell) => cell.trim() !== '')) {
        records.push({
          line,
          cells,
          problems: result.errors.map((error) => error.message),
        });
      }
      // `cursor` is the offset just past the record's last cell, where its line break starts.
      const next = Math.min(text.length, result.meta.cursor + result.meta.linebreak.length);
      line += lineBreaksBetween(text, start, next);
      start = next;
    },
  });
  return records;
}
