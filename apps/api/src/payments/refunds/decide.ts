import { type PaymentStatus, transitionPayment } from '@dc/state-machine';
import type { Transaction } from 'kysely';
import { type ContractRow, lockContract } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { conflict, HttpProblem, notFound } from '../../http/problem';
import { notifyRefundRejected } from '../../notifications/money-notices';
import { notifyRefundDue } from '../notify';
import { lockPayment } from '../store';
import type { RefundRow } from './view';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Locks a refund with its contract and payment, in the one lock order of every writer:
 * contract, then payment, then refund.
 */
async function lockRefund(trx: Transaction<Database>, id: string) {
  const peek = UUID.test(id)
    ? await trx
        .selectFrom('refunds')
        .select(['payment_id', 'contract_id'])
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (peek === undefined) throw notFound('Refund');
  const contract = await lockContract(trx, peek.contract_id);
  const payment = peek.payment_id === null ? undefined : await lockPayment(trx, peek.payment_id);
  const refund = await trx
    .selectFrom('refunds')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return { refund, payment, contract };
}

/**
 * Takes a rejected refund back out of its contract's `refunded` and `vat_refunded` (a refund
 * of the contract's own money, `source = 'contract'`, was counted there when recorded) through
 * the payment machine's `refund_withdrawn`, so both say what was given back or is on its way.
 */
async function withdrawFromContract(
  trx: Transaction<Database>,
  contract: ContractRow,
  refund: RefundRow,
  now: Date,
): Promise<void> {
  const withdrawn = transitionPayment(
    {
      status: contract.payment_status as PaymentStatus,
      paid: contract.paid,
      refunded: contract.refunded,
    },
    {
      type: 'refund_withdrawn',
      amount: refund.amount - refund.vat,
      idempotencyKey: refund.idempotency_key,
    },
    { sandboxMode: false },
  );
  if (!withdrawn.ok) throw new HttpProblem(409, withdrawn.error.code, withdrawn.error.message);
  await trx
    .updateTable('contracts')
    .set({
      payment_status: withdrawn.payment.status,
      refunded: withdrawn.payment.refunded,
      vat_refunded: contract.vat_refunded - refund.vat,
      updated_at: now,
    })
    .where('id', '=', contract.id)
    .execute();
}

/** Whether the refund's amount is counted in its payment's `refunded`. */
function booked(refund: RefundRow): boolean {
  return !(refund.status === 'awaiting_approval' && refund.approval_reason === 'exceeds_payment');
}

/** Who decided, and why. */
export interface Decision {
  readonly admin: string;
  readonly note: string | null;
  readonly now: Date;
}

/**
 * An admin approves a refund awaiting approval, or a failed one for another attempt: it goes
 * back to `pending` with the admin recorded (so the threshold no longer holds it) and the
 * executor is woken at commit. One above what its payment can still refund is refused (409)
 * until that changes. Approving an approved refund again returns it unchanged.
 */
export async function approveRefund(
  trx: Transaction<Database>,
  id: string,
  decision: Decision,
): Promise<RefundRow> {
  const { refund, payment } = await lockRefund(trx, id);
  if (refund.decided_by !== null && refund.status !== 'failed' && refund.status !== 'rejected') {
    return refund;
  }
  if (refund.status !== 'awaiting_approval' && refund.status !== 'failed') {
    throw conflict(
      'refund_not_awaiting_approval',
      `Refund ${refund.id} is ${refund.status}; only refunds awaiting approval or failed can be approved.`,
    );
  }
  if (!booked(refund)) {
    const left = (payment?.received ?? 0n) - (payment?.refunded ?? 0n);
    if (payment === undefined || refund.amount > left) {
      throw conflict(
        'refund_exceeds_payment',
        `Refund ${refund.id} of ${refund.amount} minor units is more than its payment can still refund (${left}); reject it or settle it another way.`,
      );
    }
    await trx
      .updateTable('payments')
      .set({ refunded: payment.refunded + refund.amount, updated_at: decision.now })
      .where('id', '=', payment.id)
      .execute();
  }
  const updated = await trx
    .updateTable('refunds')
    .set({
      status: 'pending',
      decided_by: decision.admin,
      decided_at: decision.now,
      decision_note: decision.note,
      next_attempt_at: null,
      locked_until: null,
      // A refused request keeps its answer under its key at the rail: retry under a new one.
      retry_generation: refund.retry_generation + (refund.status === 'failed' ? 1 : 0),
      updated_at: decision.now,
    })
    .where('id', '=', refund.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await notifyRefundDue(trx);
  return updated;
}

/**
 * An admin rejects a refund awaiting approval (or a failed one): no money moves and the reason
 * is kept. Every amount that counted it lets it go in the same transaction: its payment's
 * `refunded` (the payment can refund that much again) and, for a refund of the contract's own
 * money, the contract's `refunded` and `vat_refunded` (see {@link withdrawFromContract}), so
 * the contract, its payments and the earnings computed from them stay true. The renter is told
 * in the same transaction (`refund_rejected`, once per refund). Rejecting a rejected refund
 * again returns it unchanged.
 */
export async function rejectRefund(
  trx: Transaction<Database>,
  id: string,
  decision: Decision & { readonly note: string },
): Promise<RefundRow> {
  const { refund, payment, contract } = await lockRefund(trx, id);
  if (refund.status === 'rejected') return refund;
  if (refund.status !== 'awaiting_approval' && refund.status !== 'failed') {
    throw conflict(
      'refund_not_awaiting_approval',
      `Refund ${refund.id} is ${refund.status}; only refunds awaiting approval or failed can be rejected.`,
    );
  }
  if (booked(refund) && payment !== undefined) {
    await trx
      .updateTable('payments')
      .set({ refunded: payment.refunded - refund.amount, updated_at: decision.now })
      .where('id', '=', payment.id)
      .execute();
  }
  if (refund.source === 'contract' && contract !== undefined) {
    await withdrawFromContract(trx, contract, refund, decision.now);
  }
  const renterId = contract?.renter_id ?? payment?.account_id;
  if (renterId !== undefined) {
    await notifyRefundRejected(trx, {
      renterId,
      contractId: refund.contract_id,
      amount: refund.amount,
      currency: refund.currency,
      refundId: refund.id,
      refundKey: refund.idempotency_key,
      now: decision.now,
    });
  }
  return trx
    .updateTable('refunds')
    .set({
      status: 'rejected',
      decided_by: decision.admin,
      decided_at: decision.now,
      decision_note: decision.note,
      updated_at: decision.now,
    })
    .where('id', '=', refund.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
