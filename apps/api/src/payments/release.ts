import { formatMoney, money } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { conflict, notFound } from '../http/problem';
import { lockPaymentAndContract } from './apply/complete';
import { applyContractPayment } from './apply/contract';
import { applyExtensionPayment } from './apply/extension';
import { creditTopUp } from './apply/top-up';
import { recordUnappliedRefund } from './refunds/unapplied';
import { type PaymentRow, paymentById } from './store';

/** What an admin decided about a held payment. */
export interface ReleaseDecision {
  readonly action: 'apply' | 'refund';
  readonly admin: string;
  readonly note: string;
  readonly now: Date;
}

/** A released payment and the refunds its release recorded. */
export interface Release {
  readonly payment: PaymentRow;
  readonly refundIds: readonly string[];
}

const show = (amount: bigint, currency: string) =>
  `${formatMoney(money(amount, currency))} ${currency}`;

/** The refunds a release recorded: all of the payment, or what it paid above the amount owed. */
async function releaseRefunds(trx: Transaction<Database>, payment: PaymentRow) {
  const keys = ['released', 'overpayment'].map(
    (reason) => `refund:${payment.contract_id}:${reason}:${payment.id}`,
  );
  const rows = await trx
    .selectFrom('refunds')
    .select('id')
    .where('idempotency_key', 'in', keys)
    .execute();
  return rows.map((row) => row.id);
}

/**
 * Applies a held payment to what it paid for. A top-up credits everything received (the
 * wallet is the payer's own money). A contract's rental or extension needs the amount received
 * to cover the amount owed: the owed amount is applied exactly as a confirming webhook would
 * (`applyContractPayment` / `applyExtensionPayment`), and what was paid above it is refunded to
 * the card; a contract that no longer takes the payment is refused (409: refund it instead).
 */
async function applyHeld(
  trx: Transaction<Database>,
  payment: PaymentRow,
  contract: Awaited<ReturnType<typeof lockPaymentAndContract>>['contract'],
  now: Date,
): Promise<void> {
  const received = payment.received;
  if (payment.refunded > 0n) {
    // Given back in the Stripe dashboard, in part or whole: applying it would spend money the
    // payer has again.
    throw conflict(
      'payment_refunded',
      `Payment ${payment.id} was refunded ${show(payment.refunded, payment.currency)} in the Stripe dashboard; it cannot be applied. Release it as a refund to give back the rest${payment.contract_id === null ? ' (a top-up: in the Stripe dashboard)' : ''}.`,
    );
  }
  if (received === null || received === 0n) {
    throw conflict(
      'payment_amount_unknown',
      `Payment ${payment.id} was paid in another currency or an amount not valid in ${payment.currency}; it cannot be applied. Refund it.`,
    );
  }
  if (payment.purpose === 'wallet_topup') {
    await creditTopUp(trx, payment, received, now);
    return;
  }
  if (received < payment.amount) {
    throw conflict(
      'payment_short',
      `Payment ${payment.id} received ${show(received, payment.currency)} of the ${show(payment.amount, payment.currency)} owed; it cannot pay for what it was for. Refund it.`,
    );
  }
  if (contract === undefined) throw new Error(`payment ${payment.id} has no contract`);
  const owed = { ...payment, received: payment.amount };
  const applied =
    payment.purpose === 'extension'
      ? await applyExtensionPayment(trx, contract, owed, payment.amount, now)
      : await applyContractPayment(trx, contract, owed, payment.amount, now);
  if (!applied) {
    throw conflict(
      'payment_not_applicable',
      `Contract ${contract.id} no longer takes payment ${payment.id} (status ${contract.status}, payment ${contract.payment_status}); refund it instead.`,
    );
  }
  // The applying step recorded the owed amount as received; the card paid `received`.
  await trx.updateTable('payments').set({ received }).where('id', '=', payment.id).execute();
  await recordUnappliedRefund(
    trx,
    { ...payment, received },
    'overpayment',
    now,
    received - payment.amount,
  );
}

/**
 * An admin releases a held payment (one the card paid with an amount other than owed, kept
 * apart and alerted): `apply` it (see {@link applyHeld}) or `refund` all of it to the card (a
 * pending card refund the executor makes; a top-up, which no refund row can name, is refunded
 * in the Stripe dashboard instead, which raises an alert here). The release is recorded
 * on the payment with the admin, the time and the note, in the same transaction as its money
 * effects. Releasing again with the same action answers the recorded release (nothing moves
 * twice); another action is a 409.
 */
export async function releaseHeldPayment(
  trx: Transaction<Database>,
  id: string,
  decision: ReleaseDecision,
): Promise<Release> {
  if ((await paymentById(trx, id)) === undefined) throw notFound('Payment');
  const { payment, contract } = await lockPaymentAndContract(trx, id);
  if (payment.release_action !== null) {
    if (payment.release_action !== decision.action) {
      throw conflict(
        'payment_already_released',
        `Payment ${payment.id} was already released (${payment.release_action}) by ${payment.released_by}; it cannot be released again another way.`,
      );
    }
    return { payment, refundIds: await releaseRefunds(trx, payment) };
  }
  if (payment.status !== 'held') {
    throw conflict(
      'payment_not_held',
      `Payment ${payment.id} is ${payment.status}; only held payments (paid with an amount other than owed) are released.`,
    );
  }
  if (decision.action === 'apply') {
    await applyHeld(trx, payment, contract, decision.now);
  } else {
    if (payment.contract_id === null) {
      throw conflict(
        'top_up_refund_in_dashboard',
        `Payment ${payment.id} is a wallet top-up: apply it to the wallet, or refund it in the Stripe dashboard (an alert here records that refund).`,
      );
    }
    await recordUnappliedRefund(trx, payment, 'released', decision.now);
  }
  const released = await trx
    .updateTable('payments')
    .set({
      release_action: decision.action,
      released_by: decision.admin,
      released_at: decision.now,
      release_note: decision.note,
      updated_at: decision.now,
    })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { payment: released, refundIds: await releaseRefunds(trx, released) };
}
