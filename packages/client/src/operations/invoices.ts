import { z } from 'zod';
import { Id } from '../schemas/common';
import { InvoiceList, IssueInvoicesResult } from '../schemas/invoice';
import { defineOperation } from './define';

const tag = 'invoices';
const params = z.object({ id: Id });

export const listContractInvoices = defineOperation('listContractInvoices', {
  method: 'GET',
  path: '/v1/contracts/{id}/invoices',
  auth: 'account',
  scope: 'read',
  tag,
  summary:
    "A contract's invoices and credit notes, oldest first (its renter, provider or an admin)",
  params,
  response: InvoiceList,
});

export const issueContractInvoices = defineOperation('issueContractInvoices', {
  method: 'POST',
  path: '/v1/contracts/{id}/invoices',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'Issue the invoices and credit notes now due for a contract (idempotent)',
  description:
    'One invoice per paid segment (the first also carries the setup fee) and one credit note ' +
    'per completed refund, with the VAT treatment and VAT amounts fixed when the contract was ' +
    'paid. Nothing is due for a contract rented while no seller was configured (vat_kind ' +
    'none). 409 contract_not_paid while the payment is pending or failed (no invoice for an ' +
    'unpaid contract); 409 invoicing_not_configured when the server has no seller (DC_SELLER_*).',
  params,
  response: IssueInvoicesResult,
});

export const getInvoicePdf = defineOperation('getInvoicePdf', {
  method: 'GET',
  path: '/v1/invoices/{id}/pdf',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "An invoice or credit note as PDF (its contract's renter, provider or an admin)",
  params,
  response: z.instanceof(Uint8Array),
  responseType: 'application/pdf',
});
