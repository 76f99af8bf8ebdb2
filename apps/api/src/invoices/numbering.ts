import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** The two numbered series: invoices and credit notes. */
export type Series = 'INV' | 'CN';

/** A document number: `INV-2026-000042`. */
export interface DocumentNumber {
  readonly year: number;
  readonly sequence: number;
  readonly number: string;
}

/**
 * Takes the next number of `series` for `seller` in `year`, inside `trx`, which must also insert
 * the document. The counter row is created at 1 or incremented in one statement that holds its
 * row lock until `trx` ends: concurrent issuers queue on it (never two equal numbers) and a
 * rolled-back document gives its number back (never a gap).
 */
export async function nextDocumentNumber(
  trx: Transaction<Database>,
  seller: string,
  series: Series,
  year: number,
): Promise<DocumentNumber> {
  const { rows } = await sql<{ last_number: number }>`
    INSERT INTO invoice_counters (seller, series, year, last_number)
    VALUES (${seller}, ${series}, ${year}, 1)
    ON CONFLICT (seller, series, year)
    DO UPDATE SET last_number = invoice_counters.last_number + 1
    RETURNING last_number`.execute(trx);
  const sequence = Number(rows[0]?.last_number);
  if (!Number.isInteger(sequence) || sequence < 1) {
    throw new Error(`invoice counter for ${seller} ${series} ${year} returned ${sequence}`);
  }
  return { year, sequence, number: `${series}-${year}-${String(sequence).padStart(6, '0')}` };
}
