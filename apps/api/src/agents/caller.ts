import type { AgentCaller } from '../auth/caller';
import type { RequestContext } from '../http/context';
import { HttpProblem } from '../http/problem';

/**
 * The delegated agent behind the request. The mount has already refused anyone else for `agent`
 * operations; this narrows the type and guards against a mis-declared operation.
 */
export function agentCaller(ctx: RequestContext): AgentCaller {
  const caller = ctx.caller;
  if (caller?.kind !== 'agent') {
    throw new HttpProblem(403, 'agent_only', 'Only a delegated agent key may call this.');
  }
  return caller;
}
