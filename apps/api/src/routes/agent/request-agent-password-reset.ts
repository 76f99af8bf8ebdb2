import type { operations } from '@dc/client';
import { agentCaller } from '../../agents/caller';
import { queueContractJob } from '../../contracts/request-job';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';

/**
 * `POST /v1/agent/contracts/{id}/password-reset` (`dc-agent reset-password`): the provider's
 * agent queues a `reset_password` job, as the renter can. Only for a contract of the agent's
 * provider and pool (else 404, like a contract that does not exist) that is delivered (else
 * 409). The agent that runs the job seals the new password to the renter's keys.
 */
export const requestAgentPasswordReset: Handler<
  typeof operations.requestAgentPasswordReset
> = async ({ params, body }, ctx) => {
  const agent = agentCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const contract = await trx
      .selectFrom('contracts')
      .select(['provider_id', 'pool_id'])
      .where('id', '=', params.id)
      .executeTakeFirst();
    if (contract?.provider_id !== agent.providerId || contract.pool_id !== agent.poolId) {
      throw notFound('Contract');
    }
    return queueContractJob(trx, params.id, {
      kind: 'reset_password',
      // Apart from the renter's keys: the same key from both never names one job.
      idempotencyKey: `agent:${body.idempotency_key}`,
      payload: {},
      now,
      action: 'reset its password',
    });
  });
};
