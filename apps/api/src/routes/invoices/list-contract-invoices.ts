import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import type { Handler } from '../../http/mount';
import { contractInvoiceViews } from './list';

/** `GET /v1/contracts/{id}/invoices`: for the renter, the provider or an admin (else 404). */
export const listContractInvoices: Handler<typeof operations.listContractInvoices> = async (
  { params },
  ctx,
) => {
  await partyContract(ctx.db, params.id, accountCaller(ctx));
  return { items: await contractInvoiceViews(ctx.db, params.id) };
};
