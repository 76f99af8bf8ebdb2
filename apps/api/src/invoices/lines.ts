import { computeVat, min, money, subtract } from '@dc/pricing';
import type { ContractRow } from '../contracts/row';
import type { LineDetails } from './document';
import type { InvoiceRow, SucceededRefund } from './issue';

/** The columns of a paid segment an invoice needs. */
export interface SegmentRow {
  readonly seq: number;
  readonly hours: number;
  readonly amount: bigint;
  /** The VAT charged on `amount` when it was paid. */
  readonly vat: bigint;
  readonly idempotency_key: string;
  readonly created_at: Date;
}

const HOUR_MS = 3_600_000;

/** A line's VAT, the one way `@dc/pricing` allows: from its net and the rate in bps. */
export function lineVat(net: bigint, currency: string, rateBps: bigint): bigint {
  return computeVat(money(net, currency), rateBps).vat.amount;
}

function offeringName(contract: ContractRow): string {
  const snapshot = contract.offering_snapshot as { readonly name?: unknown } | null;
  return typeof snapshot?.name === 'string' ? snapshot.name : 'Server rental';
}

/**
 * The lines of the invoice for `segment`: its hours (with the nominal period when the server
 * was already delivered: the term starts at delivery, and later pauses move its end) and, on the
 * first segment, the offering's setup fee. Each line carries the VAT charged for it when it was
 * paid (the segment's `vat`, the contract's `setup_fee_vat`, both computed per line from the
 * contract's rate in bps), so the invoice total is the money collected.
 */
export function segmentLines(
  contract: ContractRow,
  segments: readonly SegmentRow[],
  segment: SegmentRow,
): LineDetails[] {
  const name = offeringName(contract);
  const before = segments
    .filter((other) => other.seq < segment.seq)
    .reduce((hours, other) => hours + other.hours, 0);
  const start =
    contract.term_start === null
      ? null
      : new Date(contract.term_start.getTime() + before * HOUR_MS);
  const line = (
    description: string,
    net: bigint,
    vat: bigint,
    hours: number | null,
    timed: boolean,
  ) => ({
    description,
    hours,
    period_start: timed && start !== null ? start.toISOString() : null,
    period_end:
      timed && start !== null && hours !== null
        ? new Date(start.getTime() + hours * HOUR_MS).toISOString()
        : null,
    net: net.toString(),
    vat_rate_bps: contract.vat_rate_bps,
    vat: vat.toString(),
  });
  const what = segment.seq === 1 ? 'rental' : `extension ${segment.seq - 1}`;
  const lines: LineDetails[] = [
    line(
      `${name}, ${segment.hours} h (${what}, contract ${contract.id})`,
      segment.amount,
      segment.vat,
      segment.hours,
      true,
    ),
  ];
  if (segment.seq === 1 && contract.setup_fee > 0n) {
    lines.push(
      line(`${name}, one-off setup fee`, contract.setup_fee, contract.setup_fee_vat, null, false),
    );
  }
  return lines;
}

/**
 * The lines of the credit note for `refund`: its net part taken from the contract's invoices,
 * newest first (unused time is the last time bought), each up to what that invoice still has
 * uncredited, at that invoice's VAT rate. The VAT refunded (stored on the refund) is spread over
 * the lines, each taking its own VAT at the rate while any is left and the last what remains,
 * so the note's total is exactly the money given back. `invoice` is the newest invoice
 * corrected. Null when the contract has no invoice yet.
 */
export function creditNoteLines(
  documents: readonly InvoiceRow[],
  refund: SucceededRefund,
): { readonly invoice: InvoiceRow; readonly lines: LineDetails[] } | null {
  const invoices = documents
    .filter((row) => row.series === 'INV')
    .sort((a, b) => b.sequence - a.sequence || b.year - a.year);
  if (invoices.length === 0) return null;
  const credited = new Map<string, bigint>();
  for (const note of documents.filter((row) => row.series === 'CN')) {
    for (const line of note.lines as LineDetails[]) {
      if (line.credits_invoice === undefined) continue;
      credited.set(
        line.credits_invoice,
        (credited.get(line.credits_invoice) ?? 0n) - BigInt(line.net),
      );
    }
  }
  const currency = refund.currency;
  let remaining = subtract(money(refund.amount, currency), money(refund.vat, currency)).amount;
  let vatLeft = money(refund.vat, currency);
  const lines: LineDetails[] = [];
  let first: InvoiceRow | undefined;
  for (const invoice of invoices) {
    if (remaining === 0n) break;
    const room = invoice.net - (credited.get(invoice.number) ?? 0n);
    const take = room < remaining ? room : remaining;
    if (take <= 0n) continue;
    first ??= invoice;
    remaining -= take;
    const own = money(lineVat(take, currency, BigInt(invoice.vat_rate_bps)), currency);
    const vat = remaining === 0n ? vatLeft : min(own, vatLeft);
    vatLeft = subtract(vatLeft, vat);
    lines.push({
      description: `Refund (${refund.reason}) against invoice ${invoice.number}`,
      hours: null,
      period_start: null,
      period_end: null,
      net: (-take).toString(),
      vat_rate_bps: invoice.vat_rate_bps,
      vat: (-vat.amount).toString(),
      credits_invoice: invoice.number,
    });
  }
  if (remaining > 0n || first === undefined) {
    throw new Error(
      `refund ${refund.id} of net ${refund.amount - refund.vat} exceeds what the contract's invoices still have uncredited`,
    );
  }
  return { invoice: first, lines };
}
