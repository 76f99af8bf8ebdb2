import { formatMoney, money } from '@dc/pricing';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { enqueueNotification } from './enqueue';

function shown(amount: bigint, currency: string): string {
  return `${formatMoney(money(amount, currency))} ${currency}`;
}

/**
 * "Refund issued" to the renter, in the transaction where the refund succeeded (a wallet credit
 * in a contract event; a card refund the rail made). Keyed by the refund's idempotency key, so
 * each refund is told once.
 */
export async function notifyRefundIssued(
  trx: Kysely<Database>,
  params: {
    readonly renterId: string;
    readonly contract: { readonly id: string; readonly offering_snapshot: unknown } | null;
    /** Money given back, VAT included, minor units. */
    readonly amount: bigint;
    readonly currency: string;
    readonly refundKey: string;
    /** "to your wallet", "to your card". */
    readonly where: string;
    readonly now: Date;
  },
): Promise<void> {
  const amount = shown(params.amount, params.currency);
  const about = params.contract === null ? '' : ` for contract ${params.contract.id}`;
  await enqueueNotification(trx, {
    accountId: params.renterId,
    event: 'refund_issued',
    contractId: params.contract?.id ?? null,
    title: `Refund issued: ${amount}`,
    body: `${amount} was refunded ${params.where}${about}.`,
    data: {
      contract_id: params.contract?.id ?? null,
      amount: Number(params.amount),
      currency: params.currency,
    },
    dedupeKey: `refund_issued:${params.refundKey}`,
    at: params.now,
  });
}

/**
 * "Refund rejected" to the renter, in the transaction where an admin rejects a refund that was
 * waiting for approval (or had failed): the renter was shown the amount at cancel and would
 * otherwise never learn that it is not coming. Keyed by the refund's idempotency key, so each
 * refund is told once. The admin's reason is kept for the record only, not sent.
 */
export async function notifyRefundRejected(
  trx: Kysely<Database>,
  params: {
    readonly renterId: string;
    readonly contractId: string;
    /** The refund that will not be paid, VAT included, minor units. */
    readonly amount: bigint;
    readonly currency: string;
    readonly refundId: string;
    readonly refundKey: string;
    readonly now: Date;
  },
): Promise<void> {
  const amount = shown(params.amount, params.currency);
  await enqueueNotification(trx, {
    accountId: params.renterId,
    event: 'refund_rejected',
    contractId: params.contractId,
    title: `Refund rejected: ${amount}`,
    body: `The refund of ${amount} for contract ${params.contractId} was reviewed and rejected: no money is returned. Contact support if you think this is wrong.`,
    data: {
      contract_id: params.contractId,
      refund_id: params.refundId,
      amount: Number(params.amount),
      currency: params.currency,
    },
    dedupeKey: `refund_rejected:${params.refundKey}`,
    at: params.now,
  });
}

/**
 * "Payout sent" to the provider, in the transaction that confirms the payout batch (the admin's
 * confirmation of a manual payment, or the rail's answer). Keyed by the batch.
 */
export async function notifyPayoutSent(
  trx: Kysely<Database>,
  batch: {
    readonly id: string;
    readonly provider_id: string;
    readonly amount: bigint;
    readonly currency: string;
    readonly rail: string;
  },
  reference: string,
  now: Date,
): Promise<void> {
  const amount = shown(batch.amount, batch.currency);
  await enqueueNotification(trx, {
    accountId: batch.provider_id,
    event: 'payout_sent',
    title: `Payout sent: ${amount}`,
    body: `Payout ${batch.id} of ${amount} was sent (${batch.rail}, reference ${reference}).`,
    data: {
      payout_id: batch.id,
      amount: Number(batch.amount),
      currency: batch.currency,
      rail: batch.rail,
      reference,
    },
    dedupeKey: `payout_sent:${batch.id}`,
    at: now,
  });
}
