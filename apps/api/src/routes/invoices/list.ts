import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { InvoiceRow } from '../../invoices/issue';
import { invoiceView } from '../../invoices/view';

/** Every document of a contract, oldest first, as the API shows them. */
export async function contractInvoiceViews(db: Kysely<Database>, contractId: string) {
  const rows: InvoiceRow[] = await db
    .selectFrom('invoices')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('issued_at')
    .orderBy('series', 'desc')
    .orderBy('sequence')
    .execute();
  const numbers = new Map(rows.map((row) => [row.id, row.number]));
  return rows.map((row) => invoiceView(row, numbers));
}
