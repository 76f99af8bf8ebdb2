import type { TokenScope } from '@dc/client';
import type { AccountCaller } from '../auth/caller';
import { HttpProblem, validationFailed } from '../http/problem';
import type { ParticipantRole } from './participant';

/** How a message came to be: whether it counts as a person's words, and how it was sent. */
export interface Authorship {
  /** Never a reply for the response-time record, never the start of a wait. */
  readonly automated: boolean;
  readonly via: 'key' | 'token';
}

/** The token scope that lets a program write in a thread as each party. */
const WRITE_SCOPE: Readonly<Record<'renter' | 'provider', TokenScope>> = {
  renter: 'rent',
  provider: 'provider',
};

/**
 * Decides whether a message is automated, and refuses authors who may not write as `role`.
 *
 * - `automated: true` is the author's own flag for auto-replies and bots; providers and admins
 *   may set it. A renter may not: the flag only ever lowers what a message counts for, and a
 *   renter's message counting less would let a provider's tooling argue a question away.
 * - A message sent with an API token is always automated. Tokens are how scripts, bots and
 *   integrations act; the response-time record measures people (never-again 30), so a person
 *   replying through a tool signs with their key. The token needs the scope of the party it
 *   writes for (`rent` as renter, `provider` as provider); admins write only with a signature.
 */
export function messageAuthorship(
  caller: AccountCaller,
  role: ParticipantRole,
  requestedAutomated: boolean,
): Authorship {
  if (role === 'renter' && requestedAutomated) {
    throw validationFailed([
      {
        path: 'body.automated',
        message:
          'only provider and admin messages can be flagged automated (auto-replies, bots); leave it out',
      },
    ]);
  }
  if (caller.via === 'key') return { automated: requestedAutomated, via: 'key' };
  if (role === 'admin') {
    throw new HttpProblem(
      403,
      'signature_required',
      'Admins write in contract threads with a signed request, not an API token.',
    );
  }
  const scope = WRITE_SCOPE[role];
  if (!caller.scopes?.includes(scope)) {
    throw new HttpProblem(
      403,
      'insufficient_scope',
      `Writing in this thread as its ${role} with an API token needs the "${scope}" scope.`,
    );
  }
  return { automated: true, via: 'token' };
}
