/**
 * The parts of an invoice or credit note stored as JSON (`invoices.seller_details`,
 * `buyer_details`, `lines`): everything the PDF prints, fixed at issue time.
 */

/** A party as printed. */
export interface PartyDetails {
  readonly name: string;
  readonly address_lines: readonly string[];
  readonly country: string;
  readonly vat_id: string | null;
  readonly registration?: string | null;
  readonly bank?: string | null;
  /** Buyer only: the VIES consultation that made a cross-border sale reverse charge. */
  readonly vat_check?: { readonly checked_at: string; readonly reference: string | null } | null;
}

/** One line; amounts are decimal strings of minor units (JSON has no bigint). */
export interface LineDetails {
  readonly description: string;
  readonly hours: number | null;
  readonly period_start: string | null;
  readonly period_end: string | null;
  readonly net: string;
  readonly vat_rate_bps: number;
  readonly vat: string;
  /** Credit notes: the invoice number this line corrects. */
  readonly credits_invoice?: string;
}

/** The stored JSON parts read back. */
export function documentParts(row: {
  readonly seller_details: unknown;
  readonly buyer_details: unknown;
  readonly lines: unknown;
}): { seller: PartyDetails; buyer: PartyDetails; lines: LineDetails[] } {
  return {
    seller: row.seller_details as PartyDetails,
    buyer: row.buyer_details as PartyDetails,
    lines: row.lines as LineDetails[],
  };
}
