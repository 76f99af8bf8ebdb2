import type { AgentJobState, operations } from '@dc/client';
import type { z } from 'zod';
import { agentCaller } from '../../agents/caller';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';

type State = z.input<typeof AgentJobState>;

/**
 * `GET /v1/agent/jobs/{id}`: a job of the agent's provider and pool (else 404, like one that
 * does not exist), so `dc-agent reset-password --wait` can follow the job it queued.
 */
export const getAgentJob: Handler<typeof operations.getAgentJob> = async ({ params }, ctx) => {
  const agent = agentCaller(ctx);
  const job = await ctx.db
    .selectFrom('jobs')
    .select([
      'id',
      'kind',
      'status',
      'attempt',
      'last_error',
      'contract_id',
      'provider_id',
      'pool_id',
    ])
    .where('id', '=', params.id)
    .executeTakeFirst();
  if (job?.provider_id !== agent.providerId || job.pool_id !== agent.poolId) {
    throw notFound('Job');
  }
  return {
    job_id: job.id,
    kind: job.kind as State['kind'],
    status: job.status as State['status'],
    attempt: job.attempt,
    last_error: job.last_error,
    contract_id: job.contract_id,
  };
};
