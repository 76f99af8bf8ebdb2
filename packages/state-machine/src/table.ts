import type { ActorRole } from './actors';
import type { EffectTemplate } from './effects';
import type { ContractEventType } from './events';
import type { GuardCode } from './guards';
import type { ContractStatus } from './status';

/** `resume` goes back to whichever status the pause interrupted. */
export const STATUS_BEFORE_PAUSE = 'status_before_pause';

/** Where a rule leads. */
export type TransitionTarget = ContractStatus | typeof STATUS_BEFORE_PAUSE;

/**
 * One row of the lifecycle table: `event` sent to a contract in any of `from`, by one of
 * `actors`, passing every guard, leads to `to` with `effects`. An (event, from) pair appears in
 * at most one row, so the table is a function.
 */
export interface TransitionRule {
  readonly event: ContractEventType;
  readonly from: readonly ContractStatus[];
  readonly to: TransitionTarget;
  readonly actors: readonly ActorRole[];
  readonly guards: readonly GuardCode[];
  readonly effects: readonly EffectTemplate[];
}

const rule = (r: TransitionRule): TransitionRule => Object.freeze(r);

/**
 * The contract lifecycle (spec: contracts.md §2). Rows whose effects differ by the starting
 * status are split: cancelling before delivery refunds in full, after delivery pro rata; where
 * a job or a server may exist a terminate job cleans it up, so no terminal contract keeps a
 * server running.
 */
export const TRANSITIONS: readonly TransitionRule[] = Object.freeze([
  rule({
    event: 'accept',
    from: ['requested'],
    to: 'accepted',
    actors: ['provider', 'system'],
    guards: ['payment_succeeded'],
    effects: ['enqueue:provision'],
  }),
  rule({
    event: 'reject',
    from: ['requested'],
    to: 'rejected',
    actors: ['provider'],
    guards: [],
    effects: ['refund:full'],
  }),
  rule({
    event: 'reject',
    from: ['accepted'],
    to: 'rejected',
    actors: ['provider'],
    guards: [],
    effects: ['refund:full', 'enqueue:terminate'],
  }),
  rule({
    event: 'start_provisioning',
    from: ['accepted'],
    to: 'provisioning',
    actors: ['agent'],
    guards: ['lease_held', 'payment_succeeded'],
    effects: [],
  }),
  rule({
    event: 'provisioned',
    from: ['provisioning'],
    to: 'provisioned',
    actors: ['agent'],
    guards: ['lease_held', 'payment_succeeded', 'access_delivered'],
    effects: ['start_term'],
  }),
  rule({
    event: 'provisioning_failed',
    from: ['accepted', 'provisioning'],
    to: 'provisioning_failed',
    actors: ['agent', 'system'],
    guards: ['lease_held', 'final_failure', 'provisioning_timed_out'],
    effects: ['refund:full', 'enqueue:terminate'],
  }),
  rule({
    event: 'activate',
    from: ['provisioned'],
    to: 'active',
    actors: ['system', 'renter'],
    guards: ['activation_cause'],
    effects: [],
  }),
  rule({
    event: 'pause',
    from: ['provisioned', 'active'],
    to: 'paused',
    actors: ['system'],
    guards: [],
    effects: ['pause_clock'],
  }),
  rule({
    event: 'resume',
    from: ['paused'],
    to: STATUS_BEFORE_PAUSE,
    actors: ['system'],
    guards: ['paused_from_known'],
    effects: ['resume_clock'],
  }),
  rule({
    event: 'cancel',
    from: ['requested'],
    to: 'cancelled',
    actors: ['renter'],
    guards: [],
    effects: ['refund:full'],
  }),
  rule({
    event: 'cancel',
    from: ['accepted', 'provisioning'],
    to: 'cancelled',
    actors: ['renter'],
    guards: [],
    effects: ['refund:full', 'enqueue:terminate'],
  }),
  rule({
    event: 'cancel',
    from: ['provisioned', 'active'],
    to: 'cancelled',
    actors: ['renter'],
    guards: [],
    effects: ['refund:prorated', 'enqueue:terminate'],
  }),
  rule({
    event: 'provider_cancel',
    from: ['provisioned', 'active'],
    to: 'cancelled',
    actors: ['provider'],
    guards: [],
    effects: ['refund:prorated', 'record_provider_cancellation', 'enqueue:terminate'],
  }),
  rule({
    event: 'admin_cancel',
    from: ['requested'],
    to: 'cancelled',
    actors: ['admin'],
    guards: ['reason_required', 'admin_refund_within_refundable'],
    effects: ['refund:admin_amount'],
  }),
  rule({
    event: 'admin_cancel',
    from: ['accepted', 'provisioning', 'provisioned', 'active', 'paused'],
    to: 'cancelled',
    actors: ['admin'],
    guards: ['reason_required', 'admin_refund_within_refundable'],
    effects: ['refund:admin_amount', 'enqueue:terminate'],
  }),
  rule({
    event: 'dispute_lost',
    from: ['paused'],
    to: 'cancelled',
    actors: ['system'],
    guards: [],
    effects: ['refund:none', 'enqueue:terminate'],
  }),
  rule({
    event: 'request_timeout',
    from: ['requested', 'accepted'],
    to: 'expired',
    actors: ['system'],
    guards: ['request_timed_out'],
    effects: ['refund:full'],
  }),
  rule({
    event: 'term_end',
    from: ['provisioned', 'active'],
    to: 'expired',
    actors: ['system'],
    guards: ['term_end_reached'],
    effects: ['enqueue:terminate'],
  }),
  rule({
    event: 'extend',
    from: ['provisioned'],
    to: 'provisioned',
    actors: ['renter'],
    guards: ['extension_paid'],
    effects: ['add_segment'],
  }),
  rule({
    event: 'extend',
    from: ['active'],
    to: 'active',
    actors: ['renter'],
    guards: ['extension_paid'],
    effects: ['add_segment'],
  }),
]);
