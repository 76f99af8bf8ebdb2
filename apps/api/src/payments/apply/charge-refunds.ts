import { formatMoney, fromStripeAmount, type Money } from '@dc/pricing';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import { recordRefund } from '../../contracts/refund';
import type { ContractRow } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { HttpProblem } from '../../http/problem';
import { notifyRefundIssued } from '../../notifications/money-notices';
import type { StripeRefundFacts } from '../../stripe/card-rail';
import { postWalletEntry } from '../../wallet/post-entry';
import { raiseAlert } from '../alerts';
import type { PaymentRow } from '../store';
import { lockPaymentAndContract } from './complete';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our refunds row for a rail refund: by its rail id, else by the id we put in its metadata. */
function ourRefund(trx: Transaction<Database>, refund: StripeRefundFacts) {
  return trx
    .selectFrom('refunds')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('provider_refund_id', '=', refund.id),
        ...(refund.refundId !== null && UUID.test(refund.refundId)
          ? [eb('id', '=', refund.refundId)]
          : []),
      ]),
    )
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Records a dashboard refund of a contract payment as the contract's refund (succeeded): the
 * money given back is split into net and VAT at the contract's rate (`recordRefund`), booked
 * on `payment`, the one whose charge was refunded. `contract` is the row locked by the caller;
 * returns it as updated, or why nothing was recorded.
 */
async function recordContractRefund(
  trx: Transaction<Database>,
  contract: ContractRow,
  payment: PaymentRow,
  refund: StripeRefundFacts,
  amount: Money,
  now: Date,
): Promise<{ readonly contract: ContractRow; readonly problem: string | null }> {
  try {
    const applied = await recordRefund(
      trx,
      contract,
      { gross: amount.amount },
      {
        idempotencyKey: `refund:${contract.id}:dashboard:${refund.id}`,
        reason: 'dashboard',
        now,
        external: { providerRefundId: refund.id, source: 'dashboard', paymentId: payment.id },
      },
    );
    const changes = {
      refunded: applied.payment.refunded,
      vat_refunded: applied.vatRefunded,
      payment_status: applied.payment.status,
      updated_at: now,
    };
    await trx.updateTable('contracts').set(changes).where('id', '=', contract.id).execute();
    return { contract: { ...contract, ...changes }, problem: null };
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    return { contract, problem: error.message };
  }
}

/** A dashboard refund of a top-up takes the money back out of the wallet it was credited to. */
async function debitTopUp(
  trx: Transaction<Database>,
  payment: PaymentRow,
  refund: StripeRefundFacts,
  amount: Money,
  now: Date,
): Promise<string | null> {
  try {
    await postWalletEntry(trx, {
      accountId: payment.account_id,
      currency: amount.currency,
      amount: -amount.amount,
      kind: 'adjustment',
      idempotencyKey: `dashboard-refund:${refund.id}`,
      reference: payment.id,
      memo: `Top-up refunded to the card (${refund.id})`,
      now,
    });
    return null;
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    return error.message;
  }
}

/**
 * A dashboard refund of a held payment (money received, never applied): counted in the
 * payment's `refunded`, so it can no longer be applied and a release that refunds gives back
 * only the rest; once all of it is back, the payment is released as refunded in the dashboard
 * (what the admin is told to do for a held top-up). Recorded once per Stripe refund: the
 * refund's alert, written in the same transaction, is the record; 'seen' when it exists.
 */
async function recordHeldRefund(
  trx: Transaction<Database>,
  payment: PaymentRow,
  refund: StripeRefundFacts,
  amount: Money,
  now: Date,
): Promise<'seen' | { readonly payment: PaymentRow; readonly problem: string | null }> {
  const seen = await trx
    .selectFrom('payment_alerts')
    .select('id')
    .where('dedupe_key', '=', `dashboard_refund:${refund.id}`)
    .executeTakeFirst();
  if (seen !== undefined) return 'seen';
  const refunded = payment.refunded + amount.amount;
  const allBack = payment.received !== null && refunded >= payment.received;
  const updated = await trx
    .updateTable('payments')
    .set({
      refunded,
      updated_at: now,
      ...(allBack && payment.release_action === null
        ? {
            release_action: 'refund',
            released_by: 'stripe-dashboard',
            released_at: now,
            release_note: `Refunded in the Stripe dashboard (${refund.id}).`,
          }
        : {}),
    })
    .where('id', '=', payment.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { payment: updated, problem: null };
}

/**
 * Reconciles a charge's refunds with ours (billing.md §2 `charge.refunded`), idempotently: a
 * refund we made is marked succeeded if we had not recorded that yet (the executor may have
 * died after the call); a refund made elsewhere (the Stripe dashboard) is recorded once, keyed
 * by its Stripe id: as the contract's refund (through the payment machine, never above what is
 * refundable), or for a top-up as a wallet debit. Anything that cannot be recorded, and every
 * dashboard refund, alerts an admin.
 */
export async function reconcileChargeRefunds(
  trx: Transaction<Database>,
  paymentId: string,
  chargeId: string,
  refunds: readonly StripeRefundFacts[],
  context: { readonly now: Date; readonly log: Pick<Logger, 'warn'> },
): Promise<string> {
  const { now } = context;
  const locked = await lockPaymentAndContract(trx, paymentId);
  // Kept up to date as a dashboard refund of a held payment is recorded on it.
  let { payment } = locked;
  // The locked row, kept up to date as each dashboard refund is recorded on it.
  let contract = locked.contract;
  if (payment.charge_id === null) {
    await trx
      .updateTable('payments')
      .set({ charge_id: chargeId })
      .where('id', '=', payment.id)
      .execute();
  }
  let changed = 0;
  for (const refund of refunds) {
    if (refund.status === 'failed' || refund.status === 'canceled') continue;
    const ours = await ourRefund(trx, refund);
    if (ours !== undefined) {
      if (ours.status === 'succeeded' || ours.status === 'rejected') continue;
      await trx
        .updateTable('refunds')
        .set({
          status: 'succeeded',
          provider_refund_id: refund.id,
          succeeded_at: now,
          locked_until: null,
          last_error: null,
          updated_at: now,
        })
        .where('id', '=', ours.id)
        .execute();
      // The executor died after Stripe made it, so this is where the renter hears of it (the
      // executor's own notice has the same key: told once whichever records it first).
      await notifyRefundIssued(trx, {
        renterId: contract?.renter_id ?? payment.account_id,
        contract: contract ?? null,
        amount: BigInt(ours.amount),
        currency: ours.currency,
        refundKey: ours.idempotency_key,
        where: 'to your card',
        now,
      });
      changed += 1;
      continue;
    }
    const amount = fromStripeAmount(refund.amount, refund.currency);
    let problem: string | null = `not recorded: the payment is ${payment.status}`;
    let where = 'to your card';
    if (amount.currency !== payment.currency) {
      problem = `not recorded: it is in ${amount.currency}, the payment in ${payment.currency}`;
    } else if (payment.status === 'succeeded' && contract !== undefined) {
      ({ contract, problem } = await recordContractRefund(
        trx,
        contract,
        payment,
        refund,
        amount,
        now,
      ));
    } else if (payment.status === 'succeeded' && payment.contract_id === null) {
      problem = await debitTopUp(trx, payment, refund, amount, now);
      where = 'to your card (taken back out of your wallet)';
    } else if (payment.status === 'held') {
      const held = await recordHeldRefund(trx, payment, refund, amount, now);
      if (held === 'seen') continue;
      ({ payment, problem } = held);
    }
    if (problem === null) {
      // Recorded: the renter hears of it like of any refund (a top-up's from its wallet).
      await notifyRefundIssued(trx, {
        renterId: contract?.renter_id ?? payment.account_id,
        contract: payment.contract_id === null ? null : (contract ?? null),
        amount: amount.amount,
        currency: amount.currency,
        refundKey: `dashboard:${refund.id}`,
        where,
        now,
      });
    }
    const detail = `Refund ${refund.id} of ${formatMoney(amount)} ${amount.currency} on payment ${payment.id} was made in the Stripe dashboard${problem === null ? ' and recorded' : `; ${problem}`}.`;
    const alerted = await raiseAlert(trx, {
      kind: 'dashboard_refund',
      dedupeKey: `dashboard_refund:${refund.id}`,
      detail,
      paymentId: payment.id,
      now,
    });
    if (alerted) {
      context.log.warn({ paymentId: payment.id, refund: refund.id }, detail);
      changed += 1;
    }
  }
  return changed > 0 ? 'reconciled' : 'unchanged';
}
