import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { notifyJobEnqueued } from '../wakeups/notify';

/** What an agent can be asked to do. */
export type JobKind =
  | 'provision'
  | 'terminate'
  | 'reset_password'
  | 'rotate_ssh_key'
  | 'stop'
  | 'start';

/** Parameters of {@link enqueueJob}. */
export interface EnqueueJobParameters {
  readonly kind: JobKind;
  readonly contractId: string;
  readonly providerId: string;
  readonly poolId: string | null;
  readonly provisioner: string;
  /** When the job becomes available (the caller's clock, so tests can move time). */
  readonly now: Date;
  readonly payload?: Readonly<Record<string, unknown>>;
  /** Defaults to `<kind>:<contract id>`: one provision and one terminate job per contract. */
  readonly idempotencyKey?: string;
}

/** The job row behind an enqueue, and whether this call created it. */
export interface EnqueuedJob {
  readonly id: string;
  readonly created: boolean;
}

/**
 * Puts a job on the provider's agent queue inside `trx`. The idempotency key makes a repeated
 * enqueue (a retried request, a replayed event) return the existing job instead of a second one.
 */
export async function enqueueJob(
  trx: Transaction<Database>,
  params: EnqueueJobParameters,
): Promise<EnqueuedJob> {
  const idempotencyKey = params.idempotencyKey ?? `${params.kind}:${params.contractId}`;
  const inserted = await trx
    .insertInto('jobs')
    .values({
      kind: params.kind,
      contract_id: params.contractId,
      provider_id: params.providerId,
      pool_id: params.poolId,
      provisioner: params.provisioner,
      available_at: params.now,
      payload: JSON.stringify(params.payload ?? {}),
      idempotency_key: idempotencyKey,
      created_at: params.now,
      updated_at: params.now,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted !== undefined) {
    await notifyJobEnqueued(trx, params.providerId, params.poolId);
    return { id: inserted.id, created: true };
  }
  const existing = await trx
    .selectFrom('jobs')
    .select('id')
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, created: false };
}
