import type { PayoutBatch } from '@dc/client';

/** What an admin may do to a batch in its state. */
export interface PayoutActions {
  readonly approve: boolean;
  readonly send: boolean;
  /** Send a sent Stripe batch again to learn the transfer's outcome (never pays twice). */
  readonly sendAgain: boolean;
  readonly confirm: boolean;
  readonly fail: boolean;
}

/**
 * The transitions `draft -> approved -> sent -> confirmed | failed` allow from the batch's state
 * (billing.md §4): a manual batch is confirmed by the admin with the payment's reference; a sent
 * Stripe batch is settled only by Stripe's answer. Confirmed and failed batches are final.
 */
export function payoutActions(batch: Pick<PayoutBatch, 'status' | 'rail'>): PayoutActions {
  const manual = batch.rail === 'manual';
  return {
    approve: batch.status === 'draft',
    send: batch.status === 'approved',
    sendAgain: batch.status === 'sent' && !manual,
    confirm: batch.status === 'sent' && manual,
    fail:
      batch.status === 'draft' ||
      batch.status === 'approved' ||
      (batch.status === 'sent' && manual),
  };
}
