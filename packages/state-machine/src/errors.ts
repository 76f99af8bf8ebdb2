import type { ActorRole } from './actors';
import type { ContractEventType } from './events';
import type { GuardCode, GuardFailureReason } from './guards';
import type { ContractStatus } from './status';

/** No rule takes this event from this status (terminal statuses refuse every event). */
export interface IllegalTransition {
  readonly kind: 'IllegalTransition';
  readonly event: ContractEventType;
  readonly from: ContractStatus;
  readonly message: string;
}

/** A rule exists, but not for this role. */
export interface ActorNotAllowed {
  readonly kind: 'ActorNotAllowed';
  readonly event: ContractEventType;
  readonly from: ContractStatus;
  readonly role: ActorRole;
  readonly allowed: readonly ActorRole[];
  readonly message: string;
}

/** The rule and role match, but a guard refused. */
export interface GuardFailed {
  readonly kind: 'GuardFailed';
  readonly event: ContractEventType;
  readonly from: ContractStatus;
  readonly guard: GuardCode;
  readonly reason: GuardFailureReason;
  readonly message: string;
}

/** Why `transition` refused. Nothing changed; the caller maps it to a 409/403/422 answer. */
export type TransitionError = IllegalTransition | ActorNotAllowed | GuardFailed;

/**
 * The thrown form of a refused transition, for callers that prefer exceptions
 * (`transitionOrThrow`). `error` carries the typed value.
 */
export class TransitionRefusedError extends Error {
  override readonly name = 'TransitionRefusedError';
  readonly error: TransitionError;

  constructor(error: TransitionError) {
    super(error.message);
    this.error = error;
  }
}
