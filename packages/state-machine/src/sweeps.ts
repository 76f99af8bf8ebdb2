import type { SystemActor } from './actors';
import type { ContractSnapshot } from './contract';
import type { ContractEvent } from './events';
import type { Timeouts } from './timeouts';
import { DEFAULT_TIMEOUTS } from './timeouts';
import { type TransitionOk, transition } from './transition';

/** What a sweep would do to one contract now. */
export interface DueSweep {
  readonly event: ContractEvent;
  readonly result: TransitionOk;
}

// In priority order: a term that ran out ends before a late activation is considered.
const SWEEP_EVENTS: readonly ContractEvent[] = [
  { type: 'request_timeout' },
  { type: 'provisioning_failed', reason: 'provisioning timed out' },
  { type: 'term_end' },
  { type: 'activate', cause: 'grace_period' },
];

/**
 * The sweeps of spec §6 as one pure function: which system event, if any, is due for `contract`
 * at `now`. The API runs it on rows it has claimed (`FOR UPDATE SKIP LOCKED`) and applies the
 * result like any other transition, so a sweep follows exactly the same rules as a person.
 */
export function dueSweep(
  contract: ContractSnapshot,
  now: Date,
  timeouts: Timeouts = DEFAULT_TIMEOUTS,
  actor: SystemActor = { role: 'system', key: 'sweep' },
): DueSweep | null {
  for (const event of SWEEP_EVENTS) {
    const result = transition(contract, event, { now, actor, timeouts });
    if (result.ok) return { event, result };
  }
  return null;
}
