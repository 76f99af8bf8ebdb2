import { money, type VatTreatment } from '@dc/pricing';
import { type Selectable, sql, type Transaction } from 'kysely';
import type { Seller } from '../billing/seller';
import type { ContractRow } from '../contracts/row';
import type { Database, InvoicesTable } from '../db/schema';
import type { LineDetails, PartyDetails } from './document';
import { creditNoteLines, type SegmentRow, segmentLines } from './lines';
import { nextDocumentNumber, type Series } from './numbering';
import { sellerDetails } from './parties';
import { paymentReference } from './payment-reference';

/** A stored invoice or credit note. */
export type InvoiceRow = Selectable<InvoicesTable>;

/**
 * What {@link issueDueDocuments} did: issued what was due (maybe nothing), or nothing because
 * the contract's payment is `pending` or `failed` (never-again 12: no invoice for an unpaid
 * contract; no number is taken).
 */
export type IssueOutcome =
  | { readonly kind: 'issued'; readonly issued: readonly InvoiceRow[] }
  | { readonly kind: 'unpaid'; readonly paymentStatus: UnpaidStatus };

/** Payment states in which nothing has been paid, so nothing may be invoiced. */
const UNPAID = new Set(['pending', 'failed'] as const);
type UnpaidStatus = typeof UNPAID extends Set<infer S> ? S : never;

function isUnpaid(status: string): status is UnpaidStatus {
  return (UNPAID as Set<string>).has(status);
}

/** The `source` of the invoice of a segment (UNIQUE: each payment is invoiced once). */
export const segmentSource = (contractId: string, seq: number) => `segment:${contractId}:${seq}`;
/** The `source` of the credit note of a refund. */
export const refundSource = (refundId: string) => `refund:${refundId}`;

/**
 * Issues, inside `trx` (which must hold the contract's row lock), every document now due for
 * `contract`: an invoice per paid segment without one (the first also carries the setup fee),
 * then a credit note per succeeded refund without one. Nothing is due while the payment is
 * pending or failed (the outcome says `unpaid`), nor ever for a contract rented without a seller (`vat_kind` `none`: no
 * VAT was charged). The VAT treatment, the buyer and every VAT amount come from what the
 * contract stored when it was paid (0009_contract_vat), so each document adds up to exactly
 * the money collected or given back. Each document takes its number from the counter in this
 * same transaction, so a failure anywhere rolls numbers and documents back together.
 */
export async function issueDueDocuments(
  trx: Transaction<Database>,
  contract: ContractRow,
  seller: Seller,
  now: Date,
): Promise<IssueOutcome> {
  if (isUnpaid(contract.payment_status)) {
    return { kind: 'unpaid', paymentStatus: contract.payment_status };
  }
  if (contract.vat_kind === 'none') return { kind: 'issued', issued: [] };
  const treatment = {
    kind: contract.vat_kind,
    rateBps: BigInt(contract.vat_rate_bps),
    note: contract.vat_note,
  };
  const existing = await trx
    .selectFrom('invoices')
    .selectAll()
    .where('contract_id', '=', contract.id)
    .orderBy('issued_at')
    .orderBy('number')
    .execute();
  const done = new Set(existing.map((row) => row.source));
  const segments: SegmentRow[] = await trx
    .selectFrom('contract_segments')
    .select(['seq', 'hours', 'amount', 'vat', 'idempotency_key', 'created_at'])
    .where('contract_id', '=', contract.id)
    .orderBy('seq')
    .execute();
  const dueSegments = segments.filter((s) => !done.has(segmentSource(contract.id, s.seq)));
  const refunds = await succeededRefunds(trx, contract.id);
  const dueRefunds = refunds.filter((refund) => !done.has(refundSource(refund.id)));
  if (dueSegments.length === 0 && dueRefunds.length === 0) return { kind: 'issued', issued: [] };

  const issued: InvoiceRow[] = [];
  if (dueSegments.length > 0) {
    const parties = { seller: sellerDetails(seller), buyer: contract.vat_buyer as PartyDetails };
    for (const segment of dueSegments) {
      issued.push(
        await insertDocument(trx, {
          series: 'INV',
          seller,
          now,
          contract,
          source: segmentSource(contract.id, segment.seq),
          creditedInvoiceId: null,
          suppliedAt: segment.created_at,
          treatment,
          parties,
          lines: segmentLines(contract, segments, segment),
          paymentReference: await paymentReference(trx, contract, segment),
        }),
      );
    }
  }
  const invoices = [...existing, ...issued];
  for (const refund of dueRefunds) {
    const credit = creditNoteLines(invoices, refund);
    // No invoice yet to correct (the renter has no billing settings): the credit note waits.
    if (credit === null) break;
    const row = await insertDocument(trx, {
      series: 'CN',
      seller,
      now,
      contract,
      source: refundSource(refund.id),
      creditedInvoiceId: credit.invoice.id,
      suppliedAt: refund.succeeded_at,
      treatment: {
        kind: credit.invoice.vat_kind,
        rateBps: BigInt(credit.invoice.vat_rate_bps),
        note: credit.invoice.note,
      },
      parties: {
        seller: credit.invoice.seller_details as PartyDetails,
        buyer: credit.invoice.buyer_details as PartyDetails,
      },
      lines: credit.lines,
      paymentReference: `refund ${refund.provider_refund_id ?? refund.idempotency_key}`,
    });
    issued.push(row);
    invoices.push(row);
  }
  return { kind: 'issued', issued };
}

/** A refund that moved money back to the renter and belongs to the contract's payments. */
export interface SucceededRefund {
  readonly id: string;
  /** The money given back: its net part plus `vat`. */
  readonly amount: bigint;
  readonly vat: bigint;
  readonly currency: string;
  readonly reason: string;
  readonly idempotency_key: string;
  readonly provider_refund_id: string | null;
  /** When the money went back: the credit note's supply date. */
  readonly succeeded_at: Date;
}

async function succeededRefunds(
  trx: Transaction<Database>,
  contractId: string,
): Promise<SucceededRefund[]> {
  // Refunds of money that never became the contract's (a late or held card payment,
  // `source = 'unapplied_payment'`) were never invoiced, so they get no credit note.
  const { rows } = await sql<SucceededRefund>`
    SELECT id, amount, vat, currency, reason, idempotency_key, provider_refund_id,
      coalesce(succeeded_at, updated_at) AS succeeded_at
    FROM refunds
    WHERE contract_id = ${contractId} AND status = 'succeeded'
      AND source <> 'unapplied_payment'
    ORDER BY created_at, id`.execute(trx);
  return rows.map((row) => ({ ...row, amount: BigInt(row.amount), vat: BigInt(row.vat) }));
}

interface NewDocument {
  readonly series: Series;
  readonly seller: Seller;
  readonly now: Date;
  readonly contract: ContractRow;
  readonly source: string;
  readonly creditedInvoiceId: string | null;
  readonly suppliedAt: Date;
  readonly treatment: Pick<VatTreatment, 'kind' | 'rateBps' | 'note'>;
  readonly parties: { readonly seller: PartyDetails; readonly buyer: PartyDetails };
  readonly lines: readonly LineDetails[];
  readonly paymentReference: string;
}

async function insertDocument(trx: Transaction<Database>, doc: NewDocument): Promise<InvoiceRow> {
  const currency = doc.contract.currency;
  let net = money(0n, currency);
  let vat = money(0n, currency);
  for (const line of doc.lines) {
    net = money(net.amount + BigInt(line.net), currency);
    vat = money(vat.amount + BigInt(line.vat), currency);
  }
  const numbered = await nextDocumentNumber(
    trx,
    doc.seller.vatId,
    doc.series,
    doc.now.getUTCFullYear(),
  );
  return trx
    .insertInto('invoices')
    .values({
      series: doc.series,
      number: numbered.number,
      seller: doc.seller.vatId,
      year: numbered.year,
      sequence: numbered.sequence,
      source: doc.source,
      contract_id: doc.contract.id,
      renter_id: doc.contract.renter_id,
      provider_id: doc.contract.provider_id,
      credited_invoice_id: doc.creditedInvoiceId,
      issued_at: doc.now,
      supplied_at: doc.suppliedAt,
      currency,
      vat_kind: doc.treatment.kind,
      vat_rate_bps: Number(doc.treatment.rateBps),
      net: net.amount,
      vat: vat.amount,
      total: net.amount + vat.amount,
      note: doc.treatment.note,
      payment_reference: doc.paymentReference,
      seller_details: JSON.stringify(doc.parties.seller),
      buyer_details: JSON.stringify(doc.parties.buyer),
      lines: JSON.stringify(doc.lines),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
