import { z } from 'zod';
import { Id, Timestamp } from './common';

/** One line of an invoice or credit note; amounts in minor units of the document's currency. */
export const InvoiceLine = z.object({
  description: z.string(),
  /** Paid hours, or null for a line that is not time (the setup fee, a refund). */
  hours: z.number().int().nullable(),
  period_start: Timestamp.nullable(),
  period_end: Timestamp.nullable(),
  /** Negative on a credit note. */
  net: z.number().int(),
  vat_rate_bps: z.number().int(),
  vat: z.number().int(),
});

/** A party as printed on the document. */
export const InvoiceParty = z.object({
  name: z.string(),
  address_lines: z.array(z.string()),
  country: z.string(),
  vat_id: z.string().nullable(),
  registration: z.string().nullable().optional(),
  bank: z.string().nullable().optional(),
});

/** An invoice (`INV-<year>-<6 digits>`) or a credit note (`CN-...`); never changed once issued. */
export const Invoice = z.object({
  id: Id,
  kind: z.enum(['invoice', 'credit_note']),
  number: z.string(),
  contract_id: Id,
  /** On a credit note: the invoice it corrects. */
  credited_invoice_number: z.string().nullable(),
  issued_at: Timestamp,
  supplied_at: Timestamp,
  currency: z.string(),
  /** `domestic`, `oss` (buyer country's rate), `reverse_charge` or `out_of_scope` (0 %). */
  vat_treatment: z.enum(['domestic', 'reverse_charge', 'oss', 'out_of_scope']),
  vat_rate_bps: z.number().int(),
  net: z.number().int(),
  vat: z.number().int(),
  total: z.number().int(),
  note: z.string().nullable(),
  payment_reference: z.string(),
  seller: InvoiceParty,
  buyer: InvoiceParty,
  lines: z.array(InvoiceLine),
  /** Path of the PDF (`GET`, signed like every request). */
  pdf_path: z.string(),
});

/** `GET /v1/contracts/{id}/invoices`: oldest first. */
export const InvoiceList = z.object({ items: z.array(Invoice) });

/** `POST /v1/contracts/{id}/invoices`: what was issued now, and everything the contract has. */
export const IssueInvoicesResult = z.object({
  issued: z.array(Invoice),
  items: z.array(Invoice),
});

export const InvoiceIdParams = z.object({ id: Id });
