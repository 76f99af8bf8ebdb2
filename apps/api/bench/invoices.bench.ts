import { REVERSE_CHARGE_NOTE } from '@dc/pricing';
import { bench, describe } from 'vitest';
import type { LineDetails, PartyDetails } from '../src/invoices/document';
import type { InvoiceRow } from '../src/invoices/issue';
import { renderInvoicePdf } from '../src/invoices/pdf';

/**
 * Invoice PDFs rendered per second: `renderInvoicePdf` (pdfkit, standard Helvetica, nothing
 * embedded) on a typical stored row, a reverse-charge invoice with the rental and setup-fee
 * lines, as `GET /v1/invoices/{id}/pdf` renders it after reading the row. One render at a time
 * on one core; the figure is also printed as a sequential run of RENDERS documents.
 *
 * `cd apps/api && pnpm exec vitest bench --run bench/invoices.bench.ts`
 */

const RENDERS = 500;

const seller: PartyDetails = {
  name: 'Decent Cloud GmbH',
  address_lines: ['Hauptstrasse 1', '10115 Berlin'],
  country: 'DE',
  vat_id: 'DE811907980',
  registration: 'HRB 123456 B, Amtsgericht Charlottenburg',
  bank: 'IBAN DE89370400440532013000, BIC COBADEFFXXX',
};
const buyer: PartyDetails = {
  name: 'ACME SARL',
  address_lines: ['1 Rue de Test', 'Batiment B', '75001 Paris'],
  country: 'FR',
  vat_id: 'FR40303265045',
  vat_check: { checked_at: '2026-03-01T09:00:00.000Z', reference: 'WAPIAAAAW000001' },
};
const contractId = '6f1c2a59-3f0e-4c8e-9a7e-0d6f5b1c2d3e';
const lines: LineDetails[] = [
  {
    description: `Cloud VPS L, 720 h (rental, contract ${contractId})`,
    hours: 720,
    period_start: '2026-03-01T09:00:00.000Z',
    period_end: '2026-03-31T09:00:00.000Z',
    net: '1000',
    vat_rate_bps: 0,
    vat: '0',
  },
  {
    description: 'Cloud VPS L, one-off setup fee',
    hours: null,
    period_start: null,
    period_end: null,
    net: '250',
    vat_rate_bps: 0,
    vat: '0',
  },
];
const row: InvoiceRow = {
  id: '0b8e8a4c-2d4b-4b7a-8c55-6a4f1f0e9d21',
  series: 'INV',
  number: 'INV-2026-000042',
  seller: seller.vat_id ?? '',
  year: 2026,
  sequence: 42,
  source: `segment:${contractId}:1`,
  contract_id: contractId,
  renter_id: '1d2c3b4a-5e6f-4a1b-8c9d-0e1f2a3b4c5d',
  provider_id: '2e3d4c5b-6f7a-4b2c-9d0e-1f2a3b4c5d6e',
  credited_invoice_id: null,
  issued_at: new Date('2026-03-01T09:00:00Z'),
  supplied_at: new Date('2026-03-01T09:00:00Z'),
  currency: 'EUR',
  vat_kind: 'reverse_charge',
  vat_rate_bps: 0,
  net: 1250n,
  vat: 0n,
  total: 1250n,
  note: REVERSE_CHARGE_NOTE,
  payment_reference: 'wallet ledger entry 4711',
  seller_details: seller,
  buyer_details: buyer,
  lines,
  created_at: new Date('2026-03-01T09:00:00Z'),
};

// Warm up (module loading, font metrics), then a plain sequential figure.
for (let i = 0; i < 20; i += 1) await renderInvoicePdf(row, null);
const started = performance.now();
let bytes = 0;
for (let i = 0; i < RENDERS; i += 1) bytes += (await renderInvoicePdf(row, null)).length;
const seconds = (performance.now() - started) / 1000;
console.log(
  `invoice PDFs: ${RENDERS} rendered in ${seconds.toFixed(2)} s = ${(RENDERS / seconds).toFixed(0)} PDFs/s ` +
    `(${(bytes / RENDERS / 1024).toFixed(1)} KiB each), one at a time on one core`,
);

describe('invoice PDF rendering', () => {
  bench('renderInvoicePdf (2 lines, reverse charge)', async () => {
    await renderInvoicePdf(row, null);
  });
});
