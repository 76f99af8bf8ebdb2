import {
  type ContractEvent,
  type ContractStatus,
  type PaymentEvent,
  type PaymentStatus,
  transitionPayment,
} from '@dc/state-machine';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import { applyContractEvent } from '../../contracts/apply-event';
import type { ContractRow } from '../../contracts/row';
import type { Database } from '../../db/schema';
import { raiseAlert } from '../alerts';
import { lockPaymentAndContract } from './complete';

/** A dispute as the rail last reported it. */
export interface DisputeFacts {
  readonly disputeId: string;
  readonly chargeId: string;
  readonly state: 'open' | 'won' | 'lost';
  readonly fundsWithdrawn: boolean;
}

type DisputeState = DisputeFacts['state'];

/** The payment event and, by contract status, the contract event of each dispute step. */
const STEPS: Record<
  DisputeState,
  {
    readonly payment: PaymentEvent;
    readonly contract: ContractEvent;
    readonly from: readonly string[];
  }
> = {
  open: {
    payment: { type: 'dispute_opened' },
    contract: { type: 'pause' },
    from: ['provisioned', 'active'],
  },
  won: { payment: { type: 'dispute_won' }, contract: { type: 'resume' }, from: ['paused'] },
  lost: { payment: { type: 'dispute_lost' }, contract: { type: 'dispute_lost' }, from: ['paused'] },
};

/**
 * One step on the locked `contract`: the payment machine first, then the contract machine (as
 * the system). Returns the contract as the step left it, and why the payment machine refused
 * (null when it did not).
 */
async function step(
  trx: Transaction<Database>,
  contract: ContractRow,
  state: DisputeState,
  disputeId: string,
  now: Date,
): Promise<{ readonly contract: ContractRow; readonly problem: string | null }> {
  const rule = STEPS[state];
  const payment = transitionPayment(
    {
      status: contract.payment_status as PaymentStatus,
      paid: contract.paid,
      refunded: contract.refunded,
    },
    rule.payment,
    { sandboxMode: false },
  );
  if (!payment.ok) return { contract, problem: payment.error.message };
  const changes = { payment_status: payment.payment.status, updated_at: now };
  await trx.updateTable('contracts').set(changes).where('id', '=', contract.id).execute();
  const paid = { ...contract, ...changes };
  if (!rule.from.includes(contract.status as ContractStatus)) {
    return { contract: paid, problem: null };
  }
  const applied = await applyContractEvent(trx, {
    contractId: contract.id,
    event: rule.contract,
    actor: { role: 'system', key: `stripe:${disputeId}` },
    now,
    memo: `dispute ${disputeId} ${state}`,
  });
  return { contract: applied.contract, problem: null };
}

/**
 * Applies a dispute event (billing.md §2) idempotently and in any order: the dispute's state
 * only moves forward (open -> won | lost), so a late `created` after `closed` changes nothing
 * and a `closed` first applies the opening too. On a contract's payment (its rental or an
 * extension) that was applied, the
 * payment machine records the dispute and the contract machine pauses (provisioned / active),
 * resumes (won) or ends without a refund (lost: the chargeback returned the money). Every
 * change alerts an admin (disputes need evidence); a dispute on a top-up or on money never
 * applied is only alerted.
 */
export async function applyDispute(
  trx: Transaction<Database>,
  paymentId: string,
  facts: DisputeFacts,
  context: { readonly now: Date; readonly log: Pick<Logger, 'warn'> },
): Promise<string> {
  const { now } = context;
  const { payment, contract: locked } = await lockPaymentAndContract(trx, paymentId);
  if (payment.charge_id === null) {
    await trx
      .updateTable('payments')
      .set({ charge_id: facts.chargeId })
      .where('id', '=', payment.id)
      .execute();
  }
  const existing = await trx
    .selectFrom('payment_disputes')
    .selectAll()
    .where('id', '=', facts.disputeId)
    .forUpdate()
    .executeTakeFirst();
  const previous = (existing?.state ?? null) as DisputeState | null;
  const next: DisputeState = previous === 'won' || previous === 'lost' ? previous : facts.state;
  const fundsWithdrawn = (existing?.funds_withdrawn ?? false) || facts.fundsWithdrawn;
  await trx
    .insertInto('payment_disputes')
    .values({
      id: facts.disputeId,
      payment_id: payment.id,
      state: next,
      funds_withdrawn: fundsWithdrawn,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet({ state: next, funds_withdrawn: fundsWithdrawn, updated_at: now }),
    )
    .execute();
  if (previous === next) return 'unchanged';
  const steps: DisputeState[] = previous === null && next !== 'open' ? ['open', next] : [next];
  const refused: string[] = [];
  // A rental's or an extension's money disputed: either way the contract's money is, so the
  // contract pauses (and a renter cannot cancel it for a refund on top of a chargeback).
  if (payment.status === 'succeeded' && locked !== undefined) {
    let contract = locked;
    for (const state of steps) {
      const outcome = await step(trx, contract, state, facts.disputeId, now);
      contract = outcome.contract;
      if (outcome.problem !== null) refused.push(outcome.problem);
    }
  } else {
    refused.push(`the ${payment.purpose} payment is ${payment.status}, so nothing was changed`);
  }
  const detail = `Dispute ${facts.disputeId} on payment ${payment.id} is ${next}${refused.length > 0 ? `: ${refused.join('; ')}` : ''}.`;
  await raiseAlert(trx, {
    kind: 'dispute',
    dedupeKey: `dispute:${facts.disputeId}:${next}`,
    detail,
    paymentId: payment.id,
    now,
  });
  context.log.warn({ paymentId: payment.id, dispute: facts.disputeId, state: next }, detail);
  return `dispute_${next}`;
}
