import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';
import { renderInvoicePdf } from '../../invoices/pdf';

/**
 * `GET /v1/invoices/{id}/pdf`: the document as PDF, rendered from its stored row, for the
 * contract's renter, provider or an admin; anyone else gets the 404 of a missing invoice.
 */
export const getInvoicePdf: Handler<typeof operations.getInvoicePdf> = async ({ params }, ctx) => {
  const caller = accountCaller(ctx);
  const row = await ctx.db
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', params.id)
    .executeTakeFirst();
  if (row === undefined) throw notFound('Invoice');
  try {
    await partyContract(ctx.db, row.contract_id, caller);
  } catch {
    // Not a party: the same answer as for an invoice that does not exist.
    throw notFound('Invoice');
  }
  const credited =
    row.credited_invoice_id === null
      ? null
      : ((
          await ctx.db
            .selectFrom('invoices')
            .select('number')
            .where('id', '=', row.credited_invoice_id)
            .executeTakeFirst()
        )?.number ?? null);
  return new Uint8Array(await renderInvoicePdf(row, credited));
};
