import type { Actor } from './actors';
import type { Timeouts } from './timeouts';

/** What the caller supplies besides the contract and the event. */
export interface TransitionContext {
  /** The current time; the machine never reads a clock of its own. */
  readonly now: Date;
  /** Who sends the event. */
  readonly actor: Actor;
  /** Sweep timeouts; `DEFAULT_TIMEOUTS` when absent. */
  readonly timeouts?: Timeouts;
  /** Free text stored in the history row (e.g. the webhook event id). */
  readonly memo?: string;
}
