import { computeVat, money } from '@dc/pricing';
import type { ContractRow } from '../contracts/row';
import type { LineDetails } from './document';
import type { InvoiceRow, SucceededRefund } from './issue';

/** The columns of a paid segment an invoice needs. */
export interface SegmentRow {
  readonly seq: number;
  readonly hours: number;
  readonly amount: bigint;
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
 * first segment, the offering's setup fee. VAT is computed per line from the rate in bps.
 */
export function segmentLines(
  contract: ContractRow,
  segments: readonly SegmentRow[],
  segment: SegmentRow,
  rateBps: bigint,
): LineDetails[] {
  const name = offeringName(contract);
  const before = segments
    .filter((other) => other.seq < segment.seq)
    .reduce((hours, other) => hours + other.hours, 0);
  const start =
    contract.term_start === null
      ? null
      : new Date(contract.term_start.getTime() + before * HOUR_MS);
  const line = (description: string, net: bigint, hours: number | null, timed: boolean) => ({
    description,
    hours,
    period_start: timed && start !== null ? start.toISOString() : null,
    period_end:
      timed && start !== null && hours !== null
        ? new Date(start.getTime() + hours * HOUR_MS).toISOString()
        : null,
    net: net.toString(),
    vat_rate_bps: Number(rateBps),
    vat: lineVat(net, contract.currency, rateBps).toString(),
  });
  const what = segment.seq === 1 ? 'rental' : `extension ${segment.seq - 1}`;
  const lines: LineDetails[] = [
    line(
      `${name}, ${segment.hours} h (${what}, contract ${contract.id})`,
      segment.amount,
      segment.hours,
      true,
    ),
  ];
  if (segment.seq === 1 && contract.setup_fee > 0n) {
    lines.push(line(`${name}, one-off setup fee`, contract.setup_fee, null, false));
  }
  return lines;
}

/**
 * The lines of the credit note for `refund`: its amount taken from the contract's invoices,
 * newest first (unused time is the last time bought), each up to what that invoice still has
 * uncredited, at that invoice's VAT rate, so VAT mirrors what was charged. `invoice` is the
 * newest invoice corrected. Null when the contract has no invoice yet.
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
  let remaining = refund.amount;
  const lines: LineDetails[] = [];
  let first: InvoiceRow | undefined;
  for (const invoice of invoices) {
    if (remaining === 0n) break;
    const room = invoice.net - (credited.get(invoice.number) ?? 0n);
    const take = room < remaining ? room : remaining;
    if (take <= 0n) continue;
    first ??= invoice;
    remaining -= take;
    const rate = BigInt(invoice.vat_rate_bps);
    lines.push({
      description: `Refund (${refund.reason}) against invoice ${invoice.number}`,
      hours: null,
      period_start: null,
      period_end: null,
      net: (-take).toString(),
      vat_rate_bps: invoice.vat_rate_bps,
      vat: lineVat(-take, invoice.currency, rate).toString(),
      credits_invoice: invoice.number,
    });
  }
  if (remaining > 0n || first === undefined) {
    throw new Error(
      `refund ${refund.id} of ${refund.amount} exceeds what the contract's invoices still have uncredited`,
    );
  }
  return { invoice: first, lines };
}
