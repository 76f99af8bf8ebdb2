import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/invoices';
import { action } from './define-action';

/** A contract's invoices and credit notes. `GET /v1/contracts/{id}/invoices` */
export const listContractInvoices = action(ops.listContractInvoices);
export type ListContractInvoicesParameters = OperationParameters<typeof ops.listContractInvoices>;
export type ListContractInvoicesReturnType = OperationResult<typeof ops.listContractInvoices>;

/** Issue what is due for a contract now (idempotent). `POST /v1/contracts/{id}/invoices` */
export const issueContractInvoices = action(ops.issueContractInvoices);
export type IssueContractInvoicesParameters = OperationParameters<typeof ops.issueContractInvoices>;
export type IssueContractInvoicesReturnType = OperationResult<typeof ops.issueContractInvoices>;

/** The PDF bytes of an invoice or credit note. `GET /v1/invoices/{id}/pdf` */
export const getInvoicePdf = action(ops.getInvoicePdf);
export type GetInvoicePdfParameters = OperationParameters<typeof ops.getInvoicePdf>;
export type GetInvoicePdfReturnType = OperationResult<typeof ops.getInvoicePdf>;
