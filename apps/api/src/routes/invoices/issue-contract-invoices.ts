import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import type { Handler } from '../../http/mount';
import { conflict } from '../../http/problem';
import { issueForContract } from '../../invoices/issue-for-contract';
import { invoiceView } from '../../invoices/view';
import { contractInvoiceViews } from './list';

/**
 * `POST /v1/contracts/{id}/invoices`: issues whatever is due for the contract now and returns
 * it with every earlier document. Idempotent: a repeat issues nothing new.
 */
export const issueContractInvoices: Handler<typeof operations.issueContractInvoices> = async (
  { params },
  ctx,
) => {
  await partyContract(ctx.db, params.id, accountCaller(ctx));
  const seller = ctx.config.seller;
  if (seller === null) {
    throw conflict(
      'invoicing_not_configured',
      'This server issues no invoices: its operator has not set the seller (DC_SELLER_NAME, DC_SELLER_ADDRESS, DC_SELLER_COUNTRY, DC_SELLER_VAT_ID).',
    );
  }
  const outcome = await issueForContract(ctx.db, params.id, {
    seller,
    now: ctx.services.now(),
    wait: true,
  });
  const items = await contractInvoiceViews(ctx.db, params.id);
  const numbers = new Map(items.map((item) => [item.id, item.number]));
  return { issued: (outcome?.issued ?? []).map((row) => invoiceView(row, numbers)), items };
};
