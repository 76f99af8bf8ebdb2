export { getInvoicePdf } from './get-invoice-pdf';
export { issueContractInvoices } from './issue-contract-invoices';
export { listContractInvoices } from './list-contract-invoices';
