import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AgentCaller } from '../auth/caller';
import { applyContractEvent } from '../contracts/apply-event';
import type { Database, JobsTable } from '../db/schema';
import { HttpProblem } from '../http/problem';
import { LEASE_MS } from './lease-terms';

/** A job row as stored. */
export type JobRow = Selectable<JobsTable>;

/** What {@link claimJobs} needs to know about the agent. */
export interface Claimant {
  readonly agent: AgentCaller;
  /** Provisioner kinds the agent declared in its heartbeat; empty = any. */
  readonly provisionerKinds: readonly string[];
}

/**
 * Leases up to `max` jobs of the agent's provider and pool inside `trx`: queued jobs that are
 * due, and leased jobs whose lease expired (their holder stopped renewing). Rows are claimed
 * with `FOR UPDATE ... SKIP LOCKED` on the job and its contract together, so concurrent
 * claimers (any number of agents and API instances) never take the same job, and a claimer
 * never waits on a contract another transaction is changing. Each claim gets a new lease id,
 * the next fencing token and the next attempt; claiming a provision job of an `accepted`
 * contract sends `start_provisioning` for the agent in the same transaction.
 */
export async function claimJobs(
  trx: Transaction<Database>,
  { agent, provisionerKinds }: Claimant,
  max: number,
  now: Date,
): Promise<JobRow[]> {
  let query = trx
    .selectFrom('jobs as j')
    .innerJoin('contracts as c', 'c.id', 'j.contract_id')
    .select(['j.id', 'j.kind', 'c.status as contract_status'])
    .where('j.provider_id', '=', agent.providerId)
    .where('j.pool_id', '=', agent.poolId)
    // The contract is checked too: a job can never reach an agent outside its contract's pool.
    .where('c.provider_id', '=', agent.providerId)
    .where('c.pool_id', '=', agent.poolId)
    .where((eb) =>
      eb.or([
        eb.and([eb('j.status', '=', 'queued'), eb('j.available_at', '<=', now)]),
        eb.and([eb('j.status', '=', 'leased'), eb('j.lease_expires_at', '<', now)]),
      ]),
    )
    // A provision job is only worth handing out while its contract still wants a server.
    .where((eb) =>
      eb.or([eb('j.kind', '<>', 'provision'), eb('c.status', 'in', ['accepted', 'provisioning'])]),
    );
  if (provisionerKinds.length > 0) {
    query = query.where('j.provisioner', 'in', [...provisionerKinds]);
  }
  const candidates = await query
    .orderBy('j.available_at')
    .orderBy('j.created_at')
    .orderBy('j.id')
    .limit(max)
    .forUpdate(['j', 'c'])
    .skipLocked()
    .execute();

  const claimed: JobRow[] = [];
  for (const candidate of candidates) {
    if (candidate.kind === 'provision' && candidate.contract_status === 'accepted') {
      const started = await startProvisioning(trx, candidate.id, agent, now);
      if (!started) continue;
    }
    const job = await trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'leased',
        lease_id: randomUUID(),
        lease_agent_key: agent.agentKey,
        lease_expires_at: new Date(now.getTime() + LEASE_MS),
        fencing_token: eb('fencing_token', '+', 1n),
        attempt: eb('attempt', '+', 1),
        first_leased_at: eb.fn.coalesce('first_leased_at', eb.val(now)),
        updated_at: now,
      }))
      .where('id', '=', candidate.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (job.kind === 'provision') {
      await trx
        .updateTable('contracts')
        .set((eb) => ({
          provision_first_leased_at: eb.fn.coalesce('provision_first_leased_at', eb.val(now)),
        }))
        .where('id', '=', job.contract_id)
        .execute();
    }
    claimed.push(job);
  }
  return claimed;
}

/**
 * Sends `start_provisioning` for the agent about to hold the lease. A refusal (the contract's
 * payment did not succeed after all) cancels the job instead of failing the whole lease
 * request, so one bad job cannot block the queue; nothing else was written for it yet.
 */
async function startProvisioning(
  trx: Transaction<Database>,
  jobId: string,
  agent: AgentCaller,
  now: Date,
): Promise<boolean> {
  const job = await trx
    .selectFrom('jobs')
    .select('contract_id')
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
  try {
    await applyContractEvent(trx, {
      contractId: job.contract_id,
      event: { type: 'start_provisioning' },
      actor: { role: 'agent', key: agent.agentKey, holdsLease: true },
      now,
    });
    return true;
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    await trx
      .updateTable('jobs')
      .set({ status: 'cancelled', last_error: `${error.code}: ${error.message}`, updated_at: now })
      .where('id', '=', jobId)
      .execute();
    return false;
  }
}

/**
 * Whether the agent's pool holds a job that is claimable by time and status, whatever its
 * provisioner and row locks: after a wake-up found nothing for this agent, it tells whether
 * the next waiter should look (the job may need another provisioner kind, or its claimer may
 * roll back) or the queue is simply drained. A plain read; it takes no locks.
 */
export async function hasClaimableJob(
  db: Kysely<Database>,
  agent: AgentCaller,
  now: Date,
): Promise<boolean> {
  const row = await db
    .selectFrom('jobs as j')
    .select('j.id')
    .where('j.provider_id', '=', agent.providerId)
    .where('j.pool_id', '=', agent.poolId)
    .where((eb) =>
      eb.or([
        eb.and([eb('j.status', '=', 'queued'), eb('j.available_at', '<=', now)]),
        eb.and([eb('j.status', '=', 'leased'), eb('j.lease_expires_at', '<', now)]),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
