import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** What a receipt is for (billing.md §5: every successful payment gets one). */
export type ReceiptKind =
  | 'wallet_topup'
  | 'card_payment'
  | 'rental_debit'
  | 'extension_debit'
  /** A notification tier bought from the wallet (trust.md §5, `notifications/buy-tier.ts`). */
  | 'notification_tier';

/** One successful payment to tell the payer about. */
export interface ReceiptRequest {
  /**
   * Unique per payment and derived from it, never from a time (`ledger:<id>`,
   * `payment:<id>`): the receipt's outbox key is `receipt:<paymentKey>`, so a retried payment
   * enqueues nothing new.
   */
  readonly paymentKey: string;
  /** The payer; the worker mails the account's address at send time. */
  readonly accountId: string;
  readonly kind: ReceiptKind;
  readonly currency: string;
  /** Minor units of `currency`, positive: everything paid, VAT included. */
  readonly amount: bigint;
  /**
   * The VAT included in `amount` and its rate, for a payment of a contract sold with a VAT
   * treatment; absent for a top-up (not a supply) or a contract rented without a seller.
   */
  readonly vat?: { readonly amount: bigint; readonly rateBps: bigint };
  /** One line saying what was paid for, e.g. "24 h of Small VM". */
  readonly description: string;
  readonly contractId: string | null;
  /** When the payment succeeded. */
  readonly at: Date;
}

/** The outbox key of the receipt for `paymentKey`. */
export function receiptKey(paymentKey: string): string {
  return `receipt:${paymentKey}`;
}

/**
 * Queues the receipt for a successful payment in the caller's transaction `trx`, so the receipt
 * exists exactly when the payment does (a rolled-back payment leaves no receipt). Enqueueing the
 * same `paymentKey` again does nothing. The outbox worker sends it later, once.
 */
export async function enqueueReceipt(
  trx: Transaction<Database>,
  receipt: ReceiptRequest,
): Promise<void> {
  if (receipt.amount <= 0n) {
    throw new Error(`enqueueReceipt: amount must be positive, got ${receipt.amount}`);
  }
  if (receipt.paymentKey.length === 0) throw new Error('enqueueReceipt: paymentKey is empty');
  const payload = {
    kind: receipt.kind,
    currency: receipt.currency,
    amount: receipt.amount.toString(),
    ...(receipt.vat === undefined
      ? {}
      : { vat: receipt.vat.amount.toString(), vat_rate_bps: Number(receipt.vat.rateBps) }),
    description: receipt.description,
    contract_id: receipt.contractId,
    paid_at: receipt.at.toISOString(),
  };
  await trx
    .insertInto('mail_outbox')
    .values({
      key: receiptKey(receipt.paymentKey),
      account_id: receipt.accountId,
      template: 'receipt',
      payload: JSON.stringify(payload),
      available_at: receipt.at,
      created_at: receipt.at,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}
