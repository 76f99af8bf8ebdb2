import { add, money, termEnd } from '@dc/pricing';
import {
  type Actor,
  type ContractEvent,
  type ContractStatus,
  type Effect,
  isTerminalStatus,
  type Timeouts,
  transition,
  transitionPayment,
} from '@dc/state-machine';
import type { Transaction, Updateable } from 'kysely';
import type { ContractsTable, Database } from '../db/schema';
import { HttpProblem, notFound } from '../http/problem';
import { type EnqueuedJob, enqueueJob } from '../jobs/enqueue';
import { notifyContractTransition } from '../notifications/contract-notices';
import { type AppliedRefund, recordRefund, refundAmount } from './refund';
import { refusalProblem } from './refusal';
import { type ContractRow, contractSnapshot, loadSegments, lockContract, termClock } from './row';
import { vatOn } from './vat-amounts';

/** Parameters of {@link applyContractEvent}. */
export interface ApplyEventParameters {
  readonly contractId: string;
  readonly event: ContractEvent;
  /** Who sends it; agent actors carry `holdsLease`. Ownership is checked by the caller. */
  readonly actor: Actor;
  readonly now: Date;
  /** For money effects: the extension's key (its segment is stored under it). */
  readonly idempotencyKey?: string;
  /** Stored in the history row instead of the event's own memo. */
  readonly memo?: string;
  /** Sweep timeouts; the state machine's defaults when absent. */
  readonly timeouts?: Timeouts;
}

/** What an applied event changed. */
export interface AppliedEvent {
  /** The contract row after the event. */
  readonly contract: ContractRow;
  readonly from: ContractStatus;
  readonly to: ContractStatus;
  readonly effects: readonly Effect[];
  /** The refund recorded, when the event refunded anything. */
  readonly refund: AppliedRefund | null;
  /** Jobs the event put on the agent queue (existing ones for a repeated key). */
  readonly jobs: readonly EnqueuedJob[];
}

/**
 * The only way a contract's status changes. Locks the contract row (`SELECT ... FOR UPDATE`),
 * runs `transition()` of `@dc/state-machine`, applies every effect it returns (refund recorded
 * and credited, jobs enqueued, term start, pause clock, paid segment, provider cancellation
 * record), writes the history row and queues the parties' notifications of the change, all
 * inside `trx`. A refused event throws the
 * `HttpProblem` of {@link refusalProblem} (409/403/422) and changes nothing; an unknown
 * contract throws 404.
 */
export async function applyContractEvent(
  trx: Transaction<Database>,
  params: ApplyEventParameters,
): Promise<AppliedEvent> {
  const { now, event } = params;
  const contract = await lockContract(trx, params.contractId);
  if (contract === undefined) throw notFound('Contract');
  const snapshot = await contractSnapshot(trx, contract);
  const result = transition(snapshot, event, {
    now,
    actor: params.actor,
    ...(params.timeouts === undefined ? {} : { timeouts: params.timeouts }),
    ...(params.memo === undefined ? {} : { memo: params.memo }),
  });
  if (!result.ok) throw refusalProblem(result.error);

  const patch: Updateable<ContractsTable> = { status: result.status, updated_at: now };
  let refund: AppliedRefund | null = null;
  const jobs: EnqueuedJob[] = [];
  let clockChanged = false;
  for (const effect of result.effects) {
    switch (effect.type) {
      case 'refund': {
        const amount = await refundAmount(trx, contract, effect, now);
        if (amount <= 0n) break;
        refund = await recordRefund(
          trx,
          contract,
          { net: amount },
          {
            idempotencyKey: `refund:${contract.id}:${event.type}`,
            reason: event.type,
            now,
          },
        );
        patch.refunded = refund.payment.refunded;
        patch.vat_refunded = refund.vatRefunded;
        patch.payment_status = refund.payment.status;
        break;
      }
      case 'enqueue':
        jobs.push(
          await enqueueJob(trx, {
            kind: effect.job,
            contractId: contract.id,
            providerId: contract.provider_id,
            poolId: contract.pool_id,
            provisioner: contract.provisioner,
            now,
          }),
        );
        break;
      case 'start_term':
        patch.term_start = effect.at;
        clockChanged = true;
        break;
      case 'pause_clock':
        patch.paused_since = effect.at;
        patch.paused_from = effect.resumeTo;
        clockChanged = true;
        break;
      case 'resume_clock': {
        const since = contract.paused_since ?? effect.at;
        patch.paused_millis =
          contract.paused_millis + BigInt(Math.max(0, effect.at.getTime() - since.getTime()));
        patch.paused_since = null;
        patch.paused_from = null;
        clockChanged = true;
        break;
      }
      case 'add_segment': {
        const { payment, vat } = await addSegment(
          trx,
          contract,
          effect.hours,
          effect.amount,
          params,
        );
        patch.paid = payment.paid;
        patch.vat_paid = add(money(contract.vat_paid, contract.currency), vat).amount;
        patch.payment_status = payment.status;
        clockChanged = true;
        break;
      }
      case 'record_provider_cancellation':
        await trx
          .insertInto('provider_cancellations')
          .values({ contract_id: contract.id, provider_id: contract.provider_id, at: now })
          .onConflict((oc) => oc.column('contract_id').doNothing())
          .execute();
        break;
    }
  }
  if (result.status === 'accepted' && contract.accepted_at === null) patch.accepted_at = now;
  if (isTerminalStatus(result.status)) {
    patch.ended_at = now;
    // A terminal contract keeps no pending work except its cleanup.
    await trx
      .updateTable('jobs')
      .set({ status: 'cancelled', updated_at: now })
      .where('contract_id', '=', contract.id)
      .where('status', '=', 'queued')
      .where('kind', '<>', 'terminate')
      .execute();
  }
  if (clockChanged) {
    const next = { ...contract, ...patch } as ContractRow;
    if (next.term_start !== null) {
      patch.term_end = termEnd(termClock(next, null), await loadSegments(trx, next));
    }
  }
  const updated = await trx
    .updateTable('contracts')
    .set(patch)
    .where('id', '=', contract.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('contract_history')
    .values({
      contract_id: contract.id,
      from_status: result.history.from,
      to_status: result.history.to,
      event: result.history.event,
      actor_role: result.history.actor.role,
      actor_key: result.history.actor.key,
      memo: result.history.memo,
      at: now,
    })
    .execute();
  await notifyContractTransition(trx, {
    contract: updated,
    from: result.history.from,
    to: result.status,
    refund,
    now,
  });
  return {
    contract: updated,
    from: result.history.from,
    to: result.status,
    effects: result.effects,
    refund,
    jobs,
  };
}

/**
 * Appends a paid extension segment and books its payment on the contract: the net `amount` in
 * the payment machine, its VAT (at the contract's rent-time rate, as `extendContract` charged
 * it) on the segment.
 */
async function addSegment(
  trx: Transaction<Database>,
  contract: ContractRow,
  hours: bigint,
  amount: bigint,
  params: ApplyEventParameters,
) {
  if (params.idempotencyKey === undefined) {
    throw new Error('applyContractEvent: an extend event needs the idempotencyKey of its payment');
  }
  const payment = transitionPayment(
    {
      status: contract.payment_status as 'succeeded',
      paid: contract.paid,
      refunded: contract.refunded,
    },
    { type: 'additional_payment', amount },
    { sandboxMode: false },
  );
  if (!payment.ok) throw new HttpProblem(409, payment.error.code, payment.error.message);
  const last = await trx
    .selectFrom('contract_segments')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('contract_id', '=', contract.id)
    .executeTakeFirst();
  const vat = money(vatOn(contract, amount), contract.currency);
  await trx
    .insertInto('contract_segments')
    .values({
      contract_id: contract.id,
      seq: (last?.seq ?? 0) + 1,
      hours: Number(hours),
      amount,
      vat: vat.amount,
      idempotency_key: params.idempotencyKey,
      created_at: params.now,
    })
    .execute();
  return { payment: payment.payment, vat };
}
