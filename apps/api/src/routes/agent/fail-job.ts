import type { operations } from '@dc/client';
import { agentCaller } from '../../agents/caller';
import { applyContractEvent } from '../../contracts/apply-event';
import type { Handler } from '../../http/mount';
import { finishJob } from '../../jobs/finish';
import { lockHeldJob } from '../../jobs/held-lease';
import { retryDelayMs } from '../../jobs/lease-terms';
import { jobOutcome } from '../../jobs/outcome';

/**
 * `POST /v1/agent/jobs/{id}/fail`, by the lease holder only. A retryable failure with attempts
 * left puts the job back on the queue after a backoff and leaves the contract as it is; any
 * other failure is final: the job fails, and for a provision job the contract gets
 * `provisioning_failed` through the state machine (full refund, cleanup job) in the same
 * transaction.
 */
export const failJob: Handler<typeof operations.failJob> = async ({ params, body }, ctx) => {
  const agent = agentCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const { job, contract } = await lockHeldJob(trx, agent, params.id, body);
    const attemptsLeft = Math.max(0, job.max_attempts - job.attempt);
    if (body.retryable && attemptsLeft > 0) {
      const requeued = await trx
        .updateTable('jobs')
        .set({
          status: 'queued',
          available_at: new Date(now.getTime() + retryDelayMs(job.attempt)),
          lease_id: null,
          lease_agent_key: null,
          lease_expires_at: null,
          last_error: body.error,
          updated_at: now,
        })
        .where('id', '=', job.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return jobOutcome(requeued, contract.status);
    }
    const failed = await finishJob(trx, job.id, 'failed', now, { error: body.error });
    // A contract that moved on meanwhile (cancelled, timed out) has nothing left to fail.
    if (job.kind !== 'provision' || !['accepted', 'provisioning'].includes(contract.status)) {
      return jobOutcome(failed, contract.status);
    }
    const applied = await applyContractEvent(trx, {
      contractId: contract.id,
      event: {
        type: 'provisioning_failed',
        reason: body.error,
        retryable: body.retryable,
        attemptsLeft,
      },
      actor: { role: 'agent', key: agent.agentKey, holdsLease: true },
      now,
    });
    return jobOutcome(failed, applied.to);
  });
};
