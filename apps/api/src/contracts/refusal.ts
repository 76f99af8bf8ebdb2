import type { GuardFailureReason, TransitionError } from '@dc/state-machine';
import { HttpProblem } from '../http/problem';

/** Guard failures caused by what the caller sent (fix the request) rather than the state. */
const INPUT_REASONS: ReadonlySet<GuardFailureReason> = new Set<GuardFailureReason>([
  'reason_required',
  'refund_negative',
  'refund_exceeds_refundable',
  'no_access_delivered',
  'extension_hours_invalid',
  'extension_amount_invalid',
  'extension_amount_mismatch',
]);

/**
 * The HTTP answer to a refused transition: 409 `illegal_transition` when no rule takes the
 * event from the current status, 403 `actor_not_allowed` when the role may not send it, and
 * the guard's reason code as 422 (the request must change) or 409 (the contract's state must).
 */
export function refusalProblem(error: TransitionError): HttpProblem {
  switch (error.kind) {
    case 'IllegalTransition':
      return new HttpProblem(409, 'illegal_transition', error.message);
    case 'ActorNotAllowed':
      return new HttpProblem(403, 'actor_not_allowed', error.message);
    case 'GuardFailed':
      return new HttpProblem(
        INPUT_REASONS.has(error.reason) ? 422 : 409,
        error.reason,
        error.message,
      );
  }
}
