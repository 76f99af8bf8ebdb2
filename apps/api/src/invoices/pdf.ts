import PDFDocument from 'pdfkit';
import { documentParts, type LineDetails, type PartyDetails } from './document';
import { showDate, showMoney, showRate } from './format';
import type { InvoiceRow } from './issue';

const LEFT = 50;
const WIDTH = 495;

/**
 * Renders an invoice or credit note as PDF from its stored row alone (billing.md §5: seller
 * with VAT id, registration and bank; buyer with address, country and VAT id; number; issue
 * and supply dates; lines with period, hours, net, VAT rate and VAT; totals; currency; the
 * reverse-charge or out-of-scope note; the payment reference). The same row gives the same
 * document: the creation date is the issue date.
 */
export async function renderInvoicePdf(
  row: InvoiceRow,
  creditedNumber: string | null,
): Promise<Buffer> {
  const { seller, buyer, lines } = documentParts(row);
  const doc = new PDFDocument({
    size: 'A4',
    margin: LEFT,
    info: {
      Title: row.number,
      Author: seller.name,
      Subject: row.series === 'CN' ? 'Credit note' : 'Invoice',
      CreationDate: row.issued_at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const title = row.series === 'CN' ? 'Credit note' : 'Invoice';
  doc.font('Helvetica-Bold').fontSize(18).text(`${title} ${row.number}`, LEFT, 50);
  doc.font('Helvetica').fontSize(9).moveDown(0.5);
  doc.text(`Issue date: ${showDate(row.issued_at)}`);
  doc.text(`Supply date: ${showDate(row.supplied_at)}`);
  doc.text(`Currency: ${row.currency}`);
  doc.text(`Contract: ${row.contract_id}`);
  if (creditedNumber !== null) doc.text(`Corrects invoice: ${creditedNumber}`);
  doc.moveDown();

  const top = doc.y;
  party(doc, 'Seller', seller, LEFT, top);
  const sellerBottom = doc.y;
  party(doc, 'Buyer', buyer, LEFT + WIDTH / 2, top);
  doc.y = Math.max(sellerBottom, doc.y) + 15;

  table(doc, lines, row.currency);
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(10);
  doc.text(`Net total: ${showMoney(row.net, row.currency)}`, LEFT, doc.y, {
    width: WIDTH,
    align: 'right',
  });
  doc.text(`VAT total (${showRate(row.vat_rate_bps)}): ${showMoney(row.vat, row.currency)}`, {
    width: WIDTH,
    align: 'right',
  });
  doc.text(`Total: ${showMoney(row.total, row.currency)}`, { width: WIDTH, align: 'right' });
  doc.font('Helvetica').fontSize(9).moveDown();
  if (row.note !== null) doc.text(`Note: ${row.note}`, LEFT, doc.y, { width: WIDTH });
  doc.text(`VAT treatment: ${row.vat_kind.replace('_', ' ')}`, LEFT, doc.y, { width: WIDTH });
  doc.text(`Payment reference: ${row.payment_reference}`, { width: WIDTH });
  if (row.series === 'INV') doc.text('Paid in full. Thank you.', { width: WIDTH });
  doc.end();
  return finished;
}

function party(
  doc: PDFKit.PDFDocument,
  label: string,
  who: PartyDetails,
  x: number,
  y: number,
): void {
  const width = WIDTH / 2 - 10;
  doc.font('Helvetica-Bold').fontSize(10).text(label, x, y, { width });
  doc.font('Helvetica').fontSize(9).text(who.name, { width });
  for (const line of who.address_lines) doc.text(line, { width });
  doc.text(`Country: ${who.country}`, { width });
  doc.text(`VAT ID: ${who.vat_id ?? 'none'}`, { width });
  if (who.registration) doc.text(`Registration: ${who.registration}`, { width });
  if (who.bank) doc.text(`Bank: ${who.bank}`, { width });
  if (who.vat_check) {
    doc.text(
      `VAT ID checked in VIES on ${showDate(who.vat_check.checked_at)}` +
        (who.vat_check.reference ? `, consultation ${who.vat_check.reference}` : ''),
      { width },
    );
  }
}

/** Columns: description (with period and hours), net, VAT rate, VAT. */
function table(doc: PDFKit.PDFDocument, lines: readonly LineDetails[], currency: string): void {
  const cols = { description: LEFT, net: LEFT + 265, rate: LEFT + 345, vat: LEFT + 405 };
  doc.font('Helvetica-Bold').fontSize(9);
  const head = doc.y;
  doc.text('Description', cols.description, head, { width: 260 });
  doc.text('Net', cols.net, head, { width: 75, align: 'right' });
  doc.text('VAT rate', cols.rate, head, { width: 55, align: 'right' });
  doc.text('VAT', cols.vat, head, { width: 90, align: 'right' });
  doc.font('Helvetica');
  doc
    .moveTo(LEFT, doc.y + 2)
    .lineTo(LEFT + WIDTH, doc.y + 2)
    .stroke();
  for (const line of lines) {
    const y = doc.y + 6;
    const details = [
      line.hours === null ? null : `Hours: ${line.hours}`,
      line.period_start === null || line.period_end === null
        ? line.hours === null
          ? null
          : 'Period: from delivery'
        : `Period: ${showDate(line.period_start)} to ${showDate(line.period_end)}`,
    ].filter((text): text is string => text !== null);
    doc.text([line.description, ...details].join('\n'), cols.description, y, { width: 260 });
    const bottom = doc.y;
    doc.text(showMoney(BigInt(line.net), currency), cols.net, y, { width: 75, align: 'right' });
    doc.text(showRate(line.vat_rate_bps), cols.rate, y, { width: 55, align: 'right' });
    doc.text(showMoney(BigInt(line.vat), currency), cols.vat, y, { width: 90, align: 'right' });
    doc.y = bottom;
  }
}
