import type { Transaction } from 'kysely';
import type { AccountCaller } from '../auth/caller';
import type { Database } from '../db/schema';
import { conflict, notFound } from '../http/problem';
import { enqueueJob } from '../jobs/enqueue';
import { contractAs } from './access';
import { lockContract } from './row';

/** A renter's request the agent carries out on the delivered server. */
export interface ContractJobRequest {
  readonly kind: 'reset_password' | 'rotate_ssh_key';
  readonly idempotencyKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly now: Date;
  /** For the error message: "reset its password". */
  readonly action: string;
}

/**
 * Queues a job on contract `id` for its renter, only while the server is delivered
 * (`provisioned` or `active`; else 409 `contract_not_running`). The contract row is locked so
 * the job cannot slip in beside a cancellation; the key makes a retry return the same job.
 */
export async function requestContractJob(
  trx: Transaction<Database>,
  caller: AccountCaller,
  id: string,
  request: ContractJobRequest,
) {
  await contractAs(trx, id, caller, 'renter', request.action);
  return queueContractJob(trx, id, request);
}

/**
 * Queues the job on contract `id` once the caller's right to it is checked: locks the contract,
 * refuses one that is not delivered (409 `contract_not_running`), enqueues idempotently.
 */
export async function queueContractJob(
  trx: Transaction<Database>,
  id: string,
  request: ContractJobRequest,
) {
  const contract = await lockContract(trx, id);
  if (contract === undefined) throw notFound('Contract');
  if (contract.status !== 'provisioned' && contract.status !== 'active') {
    throw conflict(
      'contract_not_running',
      `Only a delivered contract (provisioned or active) can ${request.action}; this one is ${contract.status}.`,
    );
  }
  const job = await enqueueJob(trx, {
    kind: request.kind,
    contractId: contract.id,
    providerId: contract.provider_id,
    poolId: contract.pool_id,
    provisioner: contract.provisioner,
    now: request.now,
    payload: request.payload,
    idempotencyKey: `${request.kind}:${contract.id}:${request.idempotencyKey}`,
  });
  const row = await trx
    .selectFrom('jobs')
    .select(['id', 'kind', 'status', 'created_at'])
    .where('id', '=', job.id)
    .executeTakeFirstOrThrow();
  return {
    job_id: row.id,
    kind: request.kind,
    status: row.status,
    created_at: row.created_at.toISOString(),
  };
}
