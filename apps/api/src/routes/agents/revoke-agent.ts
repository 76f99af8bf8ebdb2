import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';
import { notifyJobEnqueued } from '../../wakeups/notify';

/**
 * `DELETE /v1/provider/agents/{pubkey}`: revokes the delegation; authentication reads it on
 * every request, so the agent's next request is refused. Jobs it held go back to the queue at
 * once (its reports would be refused anyway) and the pool's other agents are woken for them.
 * Revoking twice is a no-op; another provider's agent is a 404.
 */
export const revokeAgent: Handler<typeof operations.revokeAgent> = async ({ params }, ctx) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  await ctx.db.transaction().execute(async (trx) => {
    const agent = await trx
      .selectFrom('agents')
      .select(['agent_pubkey', 'pool_id', 'revoked_at'])
      .where('agent_pubkey', '=', params.pubkey)
      .where('provider_id', '=', caller.accountId)
      .forUpdate()
      .executeTakeFirst();
    if (!agent) throw notFound('Agent');
    if (agent.revoked_at !== null) return;
    await trx
      .updateTable('agents')
      .set({ revoked_at: now, updated_at: now })
      .where('agent_pubkey', '=', agent.agent_pubkey)
      .execute();
    const released = await trx
      .updateTable('jobs')
      .set({
        status: 'queued',
        lease_id: null,
        lease_agent_key: null,
        lease_expires_at: null,
        updated_at: now,
      })
      .where('lease_agent_key', '=', agent.agent_pubkey)
      .where('status', '=', 'leased')
      .returning('id')
      .execute();
    if (released.length > 0) await notifyJobEnqueued(trx, caller.accountId, agent.pool_id);
  });
};
