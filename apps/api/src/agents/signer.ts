import type { RequestContext } from '../http/context';
import { conflict, HttpProblem } from '../http/problem';

/**
 * The key that signed a registration: a key no account holds. An account's key cannot become
 * an agent key (it would act with the account's rights), and a key that already holds a
 * delegation is never registered again: keys never move to another provider.
 */
export function newAgentKey(ctx: RequestContext, claimed: string): string {
  const caller = ctx.caller;
  if (caller?.kind === 'account') {
    throw conflict(
      'key_is_account_key',
      'This key belongs to an account; an agent signs with a key of its own (dc-agent register creates one).',
    );
  }
  if (caller?.kind === 'agent') {
    throw conflict(
      'agent_key_registered',
      'This key already holds a delegation; keys are never registered twice or moved to another provider.',
    );
  }
  if (caller?.kind !== 'key') {
    throw new HttpProblem(401, 'authentication_required', 'Sign the request with the agent key.');
  }
  if (caller.publicKey !== claimed) {
    throw new HttpProblem(
      422,
      'agent_key_mismatch',
      'agent_pubkey must be the key that signs this request (proof of possession).',
      { errors: [{ path: 'body.agent_pubkey', message: 'is not the signing key' }] },
    );
  }
  return caller.publicKey;
}
