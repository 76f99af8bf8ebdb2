import type { operations } from '@dc/client';
import { agentCaller } from '../../agents/caller';
import type { AgentCaller } from '../../auth/caller';
import type { RequestContext } from '../../http/context';
import type { Handler } from '../../http/mount';
import { type Claimant, claimJobs, hasClaimableJob } from '../../jobs/claim';
import { leasedJobsToResponse } from '../../jobs/leased-view';
import { queueKey } from '../../wakeups/channel';
import type { Wakeup } from '../../wakeups/hub';

/**
 * Up to this share of `wait_ms` is cut at random from each long-poll, so polls that started
 * together (a fleet restart, a burst) do not all time out and re-poll at the same moment.
 */
const WAIT_JITTER = 0.2;

/**
 * `POST /v1/agent/jobs/lease`: a long-poll. Leases what is due at once; when nothing is, waits
 * (up to `wait_ms`) for an enqueue in the agent's pool and tries again, so a new job reaches a
 * waiting agent within milliseconds instead of a polling interval. The wake-up registration is
 * made before the queue is read, so a job committed in between is not missed; an agent that
 * loses the race for a job keeps waiting until its deadline. An enqueue wakes one waiter, not
 * the whole pool; the deadline is `wait_ms` less a random 0-20 % so polls do not synchronise.
 */
export const leaseJobs: Handler<typeof operations.leaseJobs> = async ({ body }, ctx) => {
  const agent = agentCaller(ctx);
  const claimant = await claimantOf(ctx, agent);
  const key = queueKey(agent.providerId, agent.poolId);
  const deadline = performance.now() + body.wait_ms * (1 - Math.random() * WAIT_JITTER);
  // The wake-up that ended the last wait: one waiter is woken per enqueue, and it hands the
  // wake-up on when its look leaves work possibly unclaimed.
  let woken: Wakeup | undefined;
  for (;;) {
    const wakeup = ctx.services.jobWakeups.subscribe(key);
    try {
      let jobs: Awaited<ReturnType<typeof leaseNow>>;
      try {
        jobs = await leaseNow(ctx, claimant, body.max);
        if (woken && (jobs.length >= body.max || (jobs.length === 0 && (await stillQueued())))) {
          woken.passOn();
        }
      } catch (error) {
        woken?.passOn();
        throw error;
      }
      woken = undefined;
      if (jobs.length > 0) return { jobs: await leasedJobsToResponse(ctx.db, jobs) };
      const remaining = deadline - performance.now();
      if (remaining <= 0) return { jobs: [] };
      if (!(await wakeup.wait(remaining))) {
        // Timed out (or the server is closing): one last look for jobs that became due by time
        // (a retry's backoff) rather than by an enqueue.
        const late = await leaseNow(ctx, claimant, body.max);
        return { jobs: await leasedJobsToResponse(ctx.db, late) };
      }
      woken = wakeup;
    } finally {
      wakeup.cancel();
    }
  }

  function stillQueued(): Promise<boolean> {
    return hasClaimableJob(ctx.db, agent, ctx.services.now());
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
