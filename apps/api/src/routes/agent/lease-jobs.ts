import type { operations } from '@dc/client';
import { agentCaller } from '../../agents/caller';
import type { AgentCaller } from '../../auth/caller';
import type { RequestContext } from '../../http/context';
import type { Handler } from '../../http/mount';
import { type Claimant, claimJobs } from '../../jobs/claim';
import { leasedJobsToResponse } from '../../jobs/leased-view';
import { queueKey } from '../../wakeups/channel';

/**
 * `POST /v1/agent/jobs/lease`: a long-poll. Leases what is due at once; when nothing is, waits
 * (up to `wait_ms`) for an enqueue in the agent's pool and tries again, so a new job reaches a
 * waiting agent within milliseconds instead of a polling interval. The wake-up registration is
 * made before the queue is read, so a job committed in between is not missed; an agent that
 * loses the race for a job keeps waiting until its deadline.
 */
export const leaseJobs: Handler<typeof operations.leaseJobs> = async ({ body }, ctx) => {
  const agent = agentCaller(ctx);
  const claimant = await claimantOf(ctx, agent);
  const key = queueKey(agent.providerId, agent.poolId);
  const deadline = performance.now() + body.wait_ms;
  for (;;) {
    const wakeup = ctx.services.jobWakeups.subscribe(key);
    try {
      const jobs = await leaseNow(ctx, claimant, body.max);
      if (jobs.length > 0) return { jobs: await leasedJobsToResponse(ctx.db, jobs) };
      const remaining = deadline - performance.now();
      if (remaining <= 0) return { jobs: [] };
      if (!(await wakeup.wait(remaining))) {
        // Timed out (or the server is closing): one last look for jobs that became due by time
        // (a retry's backoff) rather than by an enqueue.
        const late = await leaseNow(ctx, claimant, body.max);
        return { jobs: await leasedJobsToResponse(ctx.db, late) };
      }
    } finally {
      wakeup.cancel();
    }
  }
};

async function claimantOf(ctx: RequestContext, agent: AgentCaller): Promise<Claimant> {
  const row = await ctx.db
    .selectFrom('agents')
    .select('provisioner_kinds')
    .where('agent_pubkey', '=', agent.agentKey)
    .executeTakeFirst();
  return { agent, provisionerKinds: row?.provisioner_kinds ?? [] };
}

function leaseNow(ctx: RequestContext, claimant: Claimant, max: number) {
  return ctx.db.transaction().execute((trx) => claimJobs(trx, claimant, max, ctx.services.now()));
}
