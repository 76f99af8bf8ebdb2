import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { agentToResponse, selectAgents } from '../../agents/agent-view';
import type { Handler } from '../../http/mount';

/** `GET /v1/provider/agents`: the caller's agents, oldest first, revoked ones included. */
export const listAgents: Handler<typeof operations.listAgents> = async (_input, ctx) => {
  const rows = await selectAgents(ctx.db)
    .where('provider_id', '=', accountCaller(ctx).accountId)
    .orderBy('created_at')
    .orderBy('agent_pubkey')
    .execute();
  return { items: rows.map(agentToResponse) };
};
