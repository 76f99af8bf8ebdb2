import { money } from '@dc/pricing';
import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';
import { notifyPayoutSent } from '../notifications/money-notices';
import { RailError } from '../payments/rail';
import { lockBatch, markFailed, updateBatch } from './decide';
import { payoutRail } from './rails/select';
import { nextStatus } from './state';
import type { BatchRow } from './view';

/** Parameters of {@link sendBatch}. */
export interface SendParameters {
  readonly config: Config;
  readonly admin: string;
  readonly now: () => Date;
}

/** A claimed rail call: the batch as claimed, and whether an earlier call may have reached the rail. */
interface Claim {
  readonly batch: BatchRow;
  readonly retry: boolean;
}

/**
 * Sends an approved batch by its rail, at most one rail call at a time and each with the key
 * `payout:<batch id>`:
 *
 * 1. in a short transaction on the locked batch: `approved -> sent` (a sent batch stays sent),
 *    and for a rail that moves money, a lease on the call (`send_locked_until`); a send that
 *    finds a live lease, or a batch already confirmed, does nothing and returns;
 * 2. the rail call, outside any transaction;
 * 3. on the locked batch again: confirmed with the rail's reference, or failed (its earnings
 *    released) when the rail refused, or left sent with `last_error` when the outcome is
 *    unknown (a 502 tells the admin to send again; the same key makes that safe).
 *
 * A process that dies during the call leaves the lease to expire; sending again then repeats
 * the call with the same key, which the rail answers with the first transfer.
 */
export async function sendBatch(
  db: Kysely<Database>,
  id: string,
  params: SendParameters,
): Promise<void> {
  const claim = await db.transaction().execute(async (trx) => {
    const batch = await lockBatch(trx, id);
    if (batch.status === 'confirmed') return null;
    if (batch.status !== 'sent') nextStatus(batch.status, 'send');
    const rail = payoutRail(params.config, batch.rail, 'rail');
    const now = params.now();
    const sent = {
      status: 'sent' as const,
      sent_by: batch.sent_by ?? params.admin,
      sent_at: batch.sent_at ?? now,
    };
    if (rail.name === 'manual') {
      if (batch.status === 'approved') await updateBatch(trx, id, sent, now);
      return null;
    }
    if (batch.send_locked_until !== null && batch.send_locked_until > now) return null;
    const leaseMs = params.config.STRIPE_TIMEOUT_MS + 5_000;
    await updateBatch(
      trx,
      id,
      {
        ...sent,
        send_attempts: batch.send_attempts + 1,
        send_locked_until: new Date(now.getTime() + leaseMs),
      },
      now,
    );
    return { batch, retry: batch.send_attempts > 0 } satisfies Claim;
  });
  if (claim === null) return;
  await callRail(db, claim, params);
}

/** How a rail call ended: the money moved, the rail refused, or nobody knows. */
type CallResult =
  | { readonly kind: 'confirmed'; readonly reference: string }
  | { readonly kind: 'refused' | 'unknown'; readonly message: string };

/** Step 2 of {@link sendBatch}: the rail call, its errors sorted by whether a retry may help. */
async function attempt(claim: Claim, params: SendParameters): Promise<CallResult> {
  const { batch } = claim;
  try {
    const outcome = await payoutRail(params.config, batch.rail, 'rail').transfer({
      batchId: batch.id,
      idempotencyKey: `payout:${batch.id}`,
      amount: money(batch.amount, batch.currency),
      destination: batch.destination,
      retry: claim.retry,
    });
    if (outcome.kind === 'confirmed') return outcome;
    return { kind: 'unknown', message: 'the rail did not confirm the transfer' };
  } catch (error) {
    if (error instanceof RailError && !error.retryable) {
      return { kind: 'refused', message: error.message };
    }
    return { kind: 'unknown', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Steps 2 and 3 of {@link sendBatch}. */
async function callRail(db: Kysely<Database>, claim: Claim, params: SendParameters) {
  const id = claim.batch.id;
  const result = await attempt(claim, params);
  await db.transaction().execute(async (trx) => {
    const now = params.now();
    const locked = await lockBatch(trx, id);
    if (locked.status !== 'sent') return;
    if (result.kind === 'confirmed') {
      await updateBatch(
        trx,
        id,
        {
          status: nextStatus(locked.status, 'confirm'),
          external_reference: result.reference,
          confirmed_by: params.admin,
          confirmed_at: now,
          send_locked_until: null,
          last_error: null,
        },
        now,
      );
      await notifyPayoutSent(trx, locked, result.reference, now);
    } else if (result.kind === 'refused') {
      await markFailed(trx, locked, result.message, { admin: params.admin, now });
    } else if (locked.send_attempts === claim.batch.send_attempts + 1) {
      // Only while no later attempt took the lease over (this call outlived its lease).
      await updateBatch(trx, id, { last_error: result.message, send_locked_until: null }, now);
    }
  });
  if (result.kind === 'unknown') {
    throw new HttpProblem(
      502,
      'payout_send_unconfirmed',
      `Payout batch ${id}: ${result.message}. The batch stays sent; send it again (the same Idempotency-Key never pays twice).`,
    );
  }
}
