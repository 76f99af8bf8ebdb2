import type { Invoice } from '@dc/client';
import type { z } from 'zod';
import { documentParts } from './document';
import type { InvoiceRow } from './issue';

/** A document as the API shows it; `credited` maps invoice ids to numbers for credit notes. */
export function invoiceView(
  row: InvoiceRow,
  numbers: ReadonlyMap<string, string>,
): z.output<typeof Invoice> {
  const { seller, buyer, lines } = documentParts(row);
  return {
    id: row.id,
    kind: row.series === 'CN' ? 'credit_note' : 'invoice',
    number: row.number,
    contract_id: row.contract_id,
    credited_invoice_number:
      row.credited_invoice_id === null ? null : (numbers.get(row.credited_invoice_id) ?? null),
    issued_at: row.issued_at.toISOString(),
    supplied_at: row.supplied_at.toISOString(),
    currency: row.currency,
    vat_treatment: row.vat_kind,
    vat_rate_bps: row.vat_rate_bps,
    net: Number(row.net),
    vat: Number(row.vat),
    total: Number(row.total),
    note: row.note,
    payment_reference: row.payment_reference,
    seller: { ...seller, address_lines: [...seller.address_lines] },
    buyer: { ...buyer, address_lines: [...buyer.address_lines] },
    lines: lines.map((line) => ({
      description: line.description,
      hours: line.hours,
      period_start: line.period_start,
      period_end: line.period_end,
      net: Number(line.net),
      vat_rate_bps: line.vat_rate_bps,
      vat: Number(line.vat),
    })),
    pdf_path: `/v1/invoices/${row.id}/pdf`,
  };
}
