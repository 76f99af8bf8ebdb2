import { formatMoney, type Money } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import { lockContract } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { raiseAlert } from '../alerts';
import { recordUnappliedRefund } from '../refunds/unapplied';
import { lockPayment, type PaymentRow } from '../store';
import { applyContractPayment } from './contract';
import { applyExtensionPayment } from './extension';
import { creditTopUp } from './top-up';

/** What the rail says about a completed checkout. */
export interface CompletionFacts {
  readonly sessionId: string;
  readonly paymentIntentId: string | null;
  /** Null when the rail reported an amount not valid in its currency. */
  readonly received: Money | null;
  readonly paid: boolean;
}

/** What {@link completePayment} did. */
export type Completion = 'applied' | 'held' | 'late' | 'unchanged';

/** Locks a payment and, for a contract payment, its contract first (the one lock order). */
export async function lockPaymentAndContract(trx: Transaction<Database>, paymentId: string) {
  const peek = await trx
    .selectFrom('payments')
    .select('contract_id')
    .where('id', '=', paymentId)
    .executeTakeFirst();
  const contract =
    peek?.contract_id == null ? undefined : await lockContract(trx, peek.contract_id);
  const payment = await lockPayment(trx, paymentId);
  if (payment === undefined) throw new Error(`payment ${paymentId} vanished`);
  return { payment, contract };
}

function describe(received: Money | null): string {
  return received === null
    ? 'an amount not valid in its currency'
    : `${formatMoney(received)} ${received.currency}`;
}

/**
 * Applies a completed, paid checkout to its payment in `trx`, idempotently: a payment no longer
 * pending is left alone. The amount received must equal the amount owed in the same currency;
 * otherwise the payment is `held` (not applied) and an admin alerted. A top-up credits the
 * wallet; a contract payment pays the contract, an extension payment adds its hours, unless
 * the contract stopped waiting for it (ended, its payment failed, or it no longer takes the
 * extension): then the money is recorded as `late` and refunded in full.
 */
export async function completePayment(
  trx: Transaction<Database>,
  paymentId: string,
  facts: CompletionFacts,
  context: { readonly now: Date; readonly log: Pick<Logger, 'warn'> },
): Promise<Completion> {
  const { now, log } = context;
  const { payment, contract } = await lockPaymentAndContract(trx, paymentId);
  if (!facts.paid) return 'unchanged';
  const late = payment.status === 'failed' || payment.status === 'expired';
  if (payment.status !== 'pending' && !late) return 'unchanged';
  const sameCurrency = facts.received?.currency === payment.currency;
  const received = sameCurrency && facts.received !== null ? facts.received.amount : null;
  await trx
    .updateTable('payments')
    .set({
      payment_intent_id: facts.paymentIntentId,
      checkout_session_id: facts.sessionId,
      received,
      updated_at: now,
    })
    .where('id', '=', payment.id)
    .execute();
  const row: PaymentRow = { ...payment, received, payment_intent_id: facts.paymentIntentId };
  if (received !== payment.amount) {
    await trx
      .updateTable('payments')
      .set({ status: 'held' })
      .where('id', '=', payment.id)
      .execute();
    const detail = `Payment ${payment.id} owed ${formatMoney({ amount: payment.amount, currency: payment.currency })} ${payment.currency} but the card paid ${describe(facts.received)}; it is held, not applied.`;
    await raiseAlert(trx, {
      kind: 'amount_mismatch',
      dedupeKey: `amount_mismatch:${payment.id}`,
      detail,
      paymentId: payment.id,
      now,
    });
    log.warn({ paymentId: payment.id, contractId: payment.contract_id }, detail);
    return 'held';
  }
  if (payment.purpose === 'wallet_topup') {
    await creditTopUp(trx, row, received, now);
    return 'applied';
  }
  if (contract === undefined) throw new Error(`payment ${payment.id} has no contract`);
  const applied =
    !late &&
    (payment.purpose === 'extension'
      ? await applyExtensionPayment(trx, contract, row, received, now)
      : await applyContractPayment(trx, contract, row, received, now));
  if (applied) return 'applied';
  await trx.updateTable('payments').set({ status: 'late' }).where('id', '=', payment.id).execute();
  await recordUnappliedRefund(trx, row, 'late_payment', now);
  const detail = `Payment ${payment.id} for contract ${contract.id} arrived after it stopped waiting (status ${contract.status}, payment ${contract.payment_status}); refunded in full.`;
  await raiseAlert(trx, {
    kind: 'late_payment',
    dedupeKey: `late_payment:${payment.id}`,
    detail,
    paymentId: payment.id,
    now,
  });
  log.warn({ paymentId: payment.id, contractId: contract.id }, detail);
  return 'late';
}
