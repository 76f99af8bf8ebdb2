import type { ActorRole } from './actors';
import type { ContractSnapshot } from './contract';
import type { ContractEvent } from './events';
import { isSettled } from './payment-status';
import type { Timeouts } from './timeouts';
import type { TransitionContext } from './transition-context';

/** Named conditions a transition rule can require. */
export const GUARD_CODES = [
  'payment_succeeded',
  'lease_held',
  'access_delivered',
  'final_failure',
  'provisioning_timed_out',
  'activation_cause',
  'paused_from_known',
  'reason_required',
  'admin_refund_within_refundable',
  'request_timed_out',
  'term_end_reached',
  'extension_paid',
] as const;

/** A guard's name. */
export type GuardCode = (typeof GUARD_CODES)[number];

/** Why a guard refused, stable for programs and precise for people. */
export type GuardFailureReason =
  | 'payment_not_succeeded'
  | 'lease_not_held'
  | 'no_access_delivered'
  | 'failure_retryable'
  | 'provisioning_not_started'
  | 'provisioning_timeout_not_reached'
  | 'lease_still_active'
  | 'activation_cause_missing'
  | 'delivery_grace_not_elapsed'
  | 'paused_from_unknown'
  | 'reason_required'
  | 'refund_negative'
  | 'refund_exceeds_refundable'
  | 'refund_during_dispute'
  | 'request_timeout_not_reached'
  | 'provisioning_started'
  | 'term_not_started'
  | 'term_end_not_reached'
  | 'contract_payment_not_settled'
  | 'extension_hours_invalid'
  | 'extension_amount_invalid'
  | 'extension_not_paid'
  | 'extension_amount_mismatch';

/** A guard: returns `null` when the transition may go ahead, or the reason it may not. */
export interface GuardDefinition {
  readonly description: string;
  /** Roles the guard applies to; absent = every allowed role. */
  readonly appliesTo?: readonly ActorRole[];
  check(
    contract: ContractSnapshot,
    event: ContractEvent,
    ctx: TransitionContext,
    timeouts: Timeouts,
  ): GuardFailureReason | null;
}

const elapsedMs = (since: Date, now: Date): number => now.getTime() - since.getTime();

/** The guards, as data: the table refers to them by code. */
export const GUARDS: { readonly [code in GuardCode]: GuardDefinition } = {
  payment_succeeded: {
    description: 'payment succeeded',
    check: (c) => (c.payment.status === 'succeeded' ? null : 'payment_not_succeeded'),
  },
  lease_held: {
    description: 'agent holding the job lease',
    appliesTo: ['agent'],
    check: (_c, _e, ctx) =>
      ctx.actor.role === 'agent' && ctx.actor.holdsLease ? null : 'lease_not_held',
  },
  access_delivered: {
    description: 'sealed credentials or key-only access present',
    check: (_c, e) =>
      e.type === 'provisioned' && (e.sealedCredentials || e.sshKeyAccess)
        ? null
        : 'no_access_delivered',
  },
  final_failure: {
    description: 'not retryable, or attempts exhausted',
    appliesTo: ['agent'],
    check: (_c, e) => {
      if (e.type !== 'provisioning_failed') return 'failure_retryable';
      // An agent that does not say is treated as retryable: the job goes back to the queue
      // rather than refunding a contract that another attempt might still deliver.
      const retryable = e.retryable ?? true;
      const attemptsLeft = e.attemptsLeft ?? 1;
      return retryable && attemptsLeft > 0 ? 'failure_retryable' : null;
    },
  },
  provisioning_timed_out: {
    description: 'provisioning timeout since the first lease, with no live lease',
    appliesTo: ['system'],
    check: (c, _e, ctx, t) => {
      const job = c.provisionJob;
      if (job?.firstLeasedAt == null) return 'provisioning_not_started';
      if (elapsedMs(job.firstLeasedAt, ctx.now) < t.provisioningMs)
        return 'provisioning_timeout_not_reached';
      if (job.leaseExpiresAt !== null && job.leaseExpiresAt.getTime() > ctx.now.getTime()) {
        return 'lease_still_active';
      }
      return null;
    },
  },
  activation_cause: {
    description: 'healthy check, or delivery grace period elapsed',
    appliesTo: ['system'],
    check: (c, e, ctx, t) => {
      if (e.type !== 'activate' || e.cause === undefined) return 'activation_cause_missing';
      if (e.cause === 'healthy_check') return null;
      if (c.termStart === null || elapsedMs(c.termStart, ctx.now) < t.deliveryGraceMs) {
        return 'delivery_grace_not_elapsed';
      }
      return null;
    },
  },
  paused_from_known: {
    description: 'the status before the pause is recorded',
    check: (c) => (c.pausedFrom === null ? 'paused_from_unknown' : null),
  },
  reason_required: {
    description: 'reason required',
    check: (_c, e) =>
      'reason' in e && typeof e.reason === 'string' && e.reason.trim() !== ''
        ? null
        : 'reason_required',
  },
  admin_refund_within_refundable: {
    description: 'refund at most what is refundable',
    check: (c, e) => {
      if (e.type !== 'admin_cancel' || e.refund < 0n) return 'refund_negative';
      if (e.refund === 0n) return null;
      // While a dispute is open (or lost) the card network moves the money; a refund on top
      // would pay the renter twice.
      if (!isSettled(c.payment)) return 'refund_during_dispute';
      return e.refund > c.payment.paid - c.payment.refunded ? 'refund_exceeds_refundable' : null;
    },
  },
  request_timed_out: {
    description: 'older than the configured timeout',
    check: (c, _e, ctx, t) => {
      if (c.status === 'accepted' && c.provisionJob?.firstLeasedAt != null)
        return 'provisioning_started';
      const limit = c.payment.status === 'succeeded' ? t.unacceptedRequestMs : t.unpaidRequestMs;
      return elapsedMs(c.requestedAt, ctx.now) >= limit ? null : 'request_timeout_not_reached';
    },
  },
  term_end_reached: {
    description: 'term end reached',
    check: (c, _e, ctx) => {
      if (c.termEnd === null) return 'term_not_started';
      return ctx.now.getTime() >= c.termEnd.getTime() ? null : 'term_end_not_reached';
    },
  },
  extension_paid: {
    description: 'extension paid',
    check: (c, e) => {
      if (e.type !== 'extend') return 'extension_not_paid';
      // Buying more time on a contract whose money is disputed or gone back would extend
      // service nobody has paid for.
      if (!isSettled(c.payment)) return 'contract_payment_not_settled';
      if (e.segment.hours < 1n) return 'extension_hours_invalid';
      if (e.segment.amount < 0n) return 'extension_amount_invalid';
      if (e.payment.status !== 'succeeded') return 'extension_not_paid';
      return e.payment.amount === e.segment.amount ? null : 'extension_amount_mismatch';
    },
  },
};
