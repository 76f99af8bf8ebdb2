import type { LeaseProof } from '@dc/client';
import type { Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import type { AgentCaller } from '../auth/caller';
import type { ContractsTable, Database } from '../db/schema';
import { HttpProblem, notFound } from '../http/problem';
import type { JobRow } from './claim';

/** A job whose lease the caller proved it holds, with its contract, both locked. */
export interface HeldJob {
  readonly job: JobRow;
  readonly contract: Selectable<ContractsTable>;
}

/**
 * Locks a job the agent reports on and checks the report is the lease holder's. A job of
 * another provider or pool is a 404, exactly like a job that does not exist (never-again 18).
 * A lease id, fencing token or holder that is not the current one is a 409 `stale_lease`
 * (never-again 19): a newer lease exists, so this agent must drop the work. A lease that ran
 * out but was not taken over yet is still current; nothing newer can have happened.
 *
 * The contract is locked before the job, the order every contract transition uses, so a
 * report and a concurrent cancel never deadlock.
 */
export async function lockHeldJob(
  trx: Transaction<Database>,
  agent: AgentCaller,
  jobId: string,
  proof: z.output<typeof LeaseProof>,
): Promise<HeldJob> {
  const located = await trx
    .selectFrom('jobs')
    .select(['contract_id', 'provider_id', 'pool_id'])
    .where('id', '=', jobId)
    .executeTakeFirst();
  if (!located || located.provider_id !== agent.providerId || located.pool_id !== agent.poolId) {
    throw notFound('Job');
  }
  const contract = await trx
    .selectFrom('contracts')
    .selectAll()
    .where('id', '=', located.contract_id)
    .forUpdate()
    .executeTakeFirstOrThrow();
  if (contract.provider_id !== agent.providerId || contract.pool_id !== agent.poolId) {
    throw notFound('Job');
  }
  const job = await trx
    .selectFrom('jobs')
    .selectAll()
    .where('id', '=', jobId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const current =
    job.status === 'leased' &&
    job.lease_id === proof.lease_id &&
    job.fencing_token === BigInt(proof.fencing_token) &&
    job.lease_agent_key === agent.agentKey;
  if (!current) {
    throw new HttpProblem(
      409,
      'stale_lease',
      `This lease is no longer current (job ${job.status}, fencing token ${job.fencing_token}); ` +
        'stop working on the job and lease again.',
    );
  }
  return { job, contract };
}
