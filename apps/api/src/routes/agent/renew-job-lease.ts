import type { operations } from '@dc/client';
import { agentCaller } from '../../agents/caller';
import type { Handler } from '../../http/mount';
import { lockHeldJob } from '../../jobs/held-lease';
import { LEASE_MS } from '../../jobs/lease-terms';

/**
 * `POST /v1/agent/jobs/{id}/renew`: another 60 s for the lease holder, so a long build (a
 * 20-minute Proxmox clone) never loses its lease while the agent is alive. A superseded lease
 * is a 409 `stale_lease`: the agent must stop.
 */
export const renewJobLease: Handler<typeof operations.renewJobLease> = async (
  { params, body },
  ctx,
) => {
  const agent = agentCaller(ctx);
  const now = ctx.services.now();
  const expires = new Date(now.getTime() + LEASE_MS);
  await ctx.db.transaction().execute(async (trx) => {
    await lockHeldJob(trx, agent, params.id, body);
    await trx
      .updateTable('jobs')
      .set({ lease_expires_at: expires, updated_at: now })
      .where('id', '=', params.id)
      .execute();
  });
  return { job_id: params.id, lease_expires_at: expires.toISOString() };
};
