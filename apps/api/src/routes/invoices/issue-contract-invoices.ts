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
 * it with every earlier document. Idempotent: a repeat issues nothing new. A contract whose
 * payment is pending or failed is refused (409 `contract_not_paid`): invoices are issued only
 * for paid amounts, and its answer says so instead of an empty list.
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
  if (outcome?.kind === 'unpaid') {
    const why =
      outcome.paymentStatus === 'pending'
        ? 'is still pending (its checkout has not been paid)'
        : 'failed (its checkout expired or was never paid)';
    throw conflict(
      'contract_not_paid',
      `Contract ${params.id} has no invoice: its payment ${why}. Invoices are issued only for paid amounts.`,
    );
  }
  const items = await contractInvoiceViews(ctx.db, params.id);
  const numbers = new Map(items.map((item) => [item.id, item.number]));
  const issued = outcome?.kind === 'issued' ? outcome.issued : [];
  return { issued: issued.map((row) => invoiceView(row, numbers)), items };
};
