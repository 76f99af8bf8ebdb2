import type { PausableStatus } from './status';

/**
 * Effects are declarative: `transition` says what must happen and the caller does it, in the
 * same database transaction as the status change and its history row. Amounts for `prorated`
 * refunds come from `@dc/pricing`; this package never does money arithmetic beyond comparisons.
 */
export type RefundMode =
  /** Everything paid and not yet refunded. */
  | 'full'
  /** The unused part of the paid term, computed by `@dc/pricing` at the transition's `now`. */
  | 'prorated'
  /** Nothing: nothing was paid, or the money already went back (chargeback). */
  | 'none'
  /** The amount an admin chose, already checked to be at most `paid - refunded`. */
  | 'admin_amount';

/** Give money back to the renter. */
export type RefundEffect =
  | { readonly type: 'refund'; readonly mode: 'full' | 'prorated' | 'none' }
  | { readonly type: 'refund'; readonly mode: 'admin_amount'; readonly amount: bigint };

/** Put a job on the provider's agent queue. */
export interface EnqueueEffect {
  readonly type: 'enqueue';
  readonly job: 'provision' | 'terminate';
}

/** The paid term starts now: delivery, never creation, starts the clock. */
export interface StartTermEffect {
  readonly type: 'start_term';
  readonly at: Date;
}

/** Stop the term clock (a dispute suspended service); paused time is not billed. */
export interface PauseClockEffect {
  readonly type: 'pause_clock';
  readonly at: Date;
  /** Store it with the contract: `resume` returns there. */
  readonly resumeTo: PausableStatus;
}

/** Restart the term clock; the term end moves by the time spent paused. */
export interface ResumeClockEffect {
  readonly type: 'resume_clock';
  readonly at: Date;
}

/** Append a paid segment to the contract and move its term end by `hours`. */
export interface AddSegmentEffect {
  readonly type: 'add_segment';
  readonly hours: bigint;
  readonly amount: bigint;
}

/** Record a provider-initiated cancellation against the provider's public record. */
export interface ProviderRecordEffect {
  readonly type: 'record_provider_cancellation';
}

/** Anything the caller must apply with the status change. */
export type Effect =
  | RefundEffect
  | EnqueueEffect
  | StartTermEffect
  | PauseClockEffect
  | ResumeClockEffect
  | AddSegmentEffect
  | ProviderRecordEffect;

/** An effect as written in the transition table, before the event's values fill it in. */
export type EffectTemplate =
  | 'refund:full'
  | 'refund:prorated'
  | 'refund:none'
  | 'refund:admin_amount'
  | 'enqueue:provision'
  | 'enqueue:terminate'
  | 'start_term'
  | 'pause_clock'
  | 'resume_clock'
  | 'add_segment'
  | 'record_provider_cancellation';
