import type { AccountCaller } from '../auth/caller';
import type { RequestContext } from '../http/context';
import { HttpProblem } from '../http/problem';

/**
 * The registered account behind the request. The mount has already refused anyone else for
 * `account` operations; this narrows the type and guards against a mis-declared operation.
 */
export function accountCaller(ctx: RequestContext): AccountCaller {
  const caller = ctx.caller;
  if (caller?.kind !== 'account') {
    throw new HttpProblem(
      401,
      'unknown_key',
      'No account holds this key; register it with POST /v1/accounts.',
    );
  }
  return caller;
}

/** Tokens may never manage credentials, even if an operation were mis-declared with a scope. */
export function requireSignature(caller: AccountCaller, what: string): void {
  if (caller.via !== 'key') {
    throw new HttpProblem(
      403,
      'signature_required',
      `${what} needs a request signed by a key; API tokens cannot do it.`,
    );
  }
}
