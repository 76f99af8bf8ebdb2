import type { Transaction, Updateable } from 'kysely';
import type { Database, PayoutBatchesTable } from '../db/schema';
import { HttpProblem, notFound } from '../http/problem';
import { notifyPayoutSent } from '../notifications/money-notices';
import { nextStatus } from './state';
import type { BatchRow } from './view';

/** Who acts on a batch, and when. */
export interface BatchActor {
  readonly admin: string;
  readonly now: Date;
}

/** Locks the batch for the rest of `trx`, or 404. */
export async function lockBatch(trx: Transaction<Database>, id: string): Promise<BatchRow> {
  const row = await trx
    .selectFrom('payout_batches')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined) throw notFound('Payout batch');
  return row;
}

/** Writes `patch` (and `updated_at`) on the locked batch. */
export async function updateBatch(
  trx: Transaction<Database>,
  id: string,
  patch: Updateable<PayoutBatchesTable>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('payout_batches')
    .set({ ...patch, updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** `draft -> approved`; approving an approved batch again changes nothing. */
export async function approveBatch(
  trx: Transaction<Database>,
  id: string,
  actor: BatchActor,
): Promise<void> {
  const batch = await lockBatch(trx, id);
  if (batch.status === 'approved') return;
  const status = nextStatus(batch.status, 'approve');
  await updateBatch(
    trx,
    id,
    { status, approved_by: actor.admin, approved_at: actor.now },
    actor.now,
  );
}

/**
 * `sent -> confirmed` for a manual batch, with the reference of the payment the admin made.
 * Confirming again with the same reference changes nothing; another reference is a 409. A
 * Stripe batch is confirmed by Stripe's answer to its send only.
 */
export async function confirmBatch(
  trx: Transaction<Database>,
  id: string,
  reference: string,
  actor: BatchActor,
): Promise<void> {
  const batch = await lockBatch(trx, id);
  if (batch.rail !== 'manual') {
    throw new HttpProblem(
      409,
      'payout_confirmed_by_rail',
      `Payout batch ${id} goes by ${batch.rail}: it is confirmed by the rail's answer when it is sent; send it (again) instead.`,
    );
  }
  if (batch.status === 'confirmed') {
    if (batch.external_reference === reference) return;
    throw new HttpProblem(
      409,
      'payout_already_confirmed',
      `Payout batch ${id} is already confirmed with the reference "${batch.external_reference}".`,
      { errors: [{ path: 'body.external_reference', message: 'differs from the recorded one' }] },
    );
  }
  const status = nextStatus(batch.status, 'confirm');
  await updateBatch(
    trx,
    id,
    {
      status,
      external_reference: reference,
      confirmed_by: actor.admin,
      confirmed_at: actor.now,
    },
    actor.now,
  );
  await notifyPayoutSent(trx, batch, reference, actor.now);
}

/**
 * `draft | approved | sent -> failed` with a reason, releasing the batch's earnings for the
 * next batch in the same transaction. Failing a failed batch again changes nothing. A sent
 * Stripe batch cannot be failed by hand: its transfer may exist, and only sending again (same
 * Idempotency-Key) tells.
 */
export async function failBatch(
  trx: Transaction<Database>,
  id: string,
  reason: string,
  actor: BatchActor,
): Promise<void> {
  const batch = await lockBatch(trx, id);
  if (batch.status === 'failed') return;
  if (batch.status === 'sent' && batch.rail !== 'manual') {
    throw new HttpProblem(
      409,
      'payout_transfer_may_exist',
      `Payout batch ${id} was sent to ${batch.rail}; the transfer may exist. Send it again: the rail answers with the first transfer, or refuses it and the batch fails.`,
    );
  }
  await markFailed(trx, batch, reason, actor);
}

/** Moves a locked batch to `failed` and releases its items. */
export async function markFailed(
  trx: Transaction<Database>,
  batch: BatchRow,
  reason: string,
  actor: BatchActor,
): Promise<void> {
  const status = nextStatus(batch.status, 'fail');
  await updateBatch(
    trx,
    batch.id,
    {
      status,
      failure_reason: reason,
      failed_by: actor.admin,
      failed_at: actor.now,
      send_locked_until: null,
    },
    actor.now,
  );
  await trx
    .updateTable('payout_items')
    .set({ released_at: actor.now })
    .where('batch_id', '=', batch.id)
    .where('released_at', 'is', null)
    .execute();
}
