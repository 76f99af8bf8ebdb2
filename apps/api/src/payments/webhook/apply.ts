import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema';
import { reconcileChargeRefunds } from '../apply/charge-refunds';
import { completePayment } from '../apply/complete';
import { applyDispute } from '../apply/dispute';
import { expirePayment, recordDecline } from '../apply/expire';
import type { PreparedEvent } from './prepare';

/** Context of {@link applyEvent}. */
export interface ApplyContext {
  readonly now: Date;
  readonly log: Pick<Logger, 'info' | 'warn'>;
}

/**
 * Applies a prepared event inside `trx` (the transaction that also records its id). Every
 * handler is idempotent and checks the current state, so a replay or a late event changes
 * nothing it should not. Returns a word for the log.
 */
export async function applyEvent(
  trx: Transaction<Database>,
  prepared: PreparedEvent,
  context: ApplyContext,
): Promise<string> {
  const { event, paymentId } = prepared;
  if (event.type === 'ignored') return 'ignored';
  if (paymentId === null) return 'not_ours';
  switch (event.type) {
    case 'checkout_completed':
      return completePayment(trx, paymentId, event, context);
    case 'checkout_expired':
      return (await expirePayment(trx, paymentId, context.now)) ? 'expired' : 'unchanged';
    case 'payment_failed':
      return (await recordDecline(trx, paymentId, event.message, context.now))
        ? 'declined'
        : 'unchanged';
    case 'charge_refunded':
    case 'dispute':
      // The checkout this event depends on may not have been delivered yet: apply it first.
      if (prepared.completion !== null) {
        await completePayment(trx, paymentId, prepared.completion, context);
      }
      return event.type === 'dispute'
        ? applyDispute(trx, paymentId, event, context)
        : reconcileChargeRefunds(trx, paymentId, event.chargeId, prepared.refunds, context);
  }
}
