import type { ProviderMetrics, TrustFlag } from '@dc/client';

/** The formula's version; stored with every score so a changed formula is never confused. */
export const TRUST_FORMULA_VERSION = 'v1';

/** A provider needs this many delivered contracts for a score. */
export const MIN_DELIVERED_CONTRACTS = 5;
/** ... and checks (agent or probe) on this many UTC days of the last 30. */
export const MIN_DAYS_WITH_CHECKS = 3;

/**
 * One penalty of the formula: when `value` is beyond `threshold` (above it, or below it for
 * `direction: 'below'`), the score loses `perUnit` points per unit beyond, at most `cap`.
 */
export interface PenaltyRule {
  readonly metric: string;
  /** How the flag names it: "provisioning failures". */
  readonly label: string;
  readonly unit: '%' | 'h';
  readonly direction: 'above' | 'below';
  readonly threshold: number;
  readonly perUnit: number;
  readonly cap: number;
  /** Decimals the flag message shows (1 unless said). */
  readonly decimals?: number;
  /** The metric's value in `unit`, or null when there is no data (no penalty then). */
  readonly value: (metrics: ProviderMetrics) => number | null;
}

const hours = (seconds: number | null) => (seconds === null ? null : seconds / 3600);

/** Feedback rates count only from this many answers on (one "no" is not a pattern). */
export const MIN_FEEDBACK_ANSWERS = 3;

/**
 * Formula v1 (documented in `src/trust/README.md`): start at 100 and subtract every penalty;
 * uptime weighs most (up to 60 points), then provider cancellations and provisioning failures
 * (20 each). The score is clamped to 0..100 and rounded to one decimal.
 */
export const TRUST_RULES_V1: readonly PenaltyRule[] = [
  {
    metric: 'uptime_30d',
    label: 'uptime over 30 days',
    unit: '%',
    direction: 'below',
    threshold: 99.5,
    perUnit: 4,
    cap: 60,
    decimals: 2,
    value: (m) => m.uptime_30d.uptime_pct,
  },
  {
    metric: 'provisioning_failure_rate',
    label: 'provisioning failures',
    unit: '%',
    direction: 'above',
    threshold: 15,
    perUnit: 1,
    cap: 20,
    value: (m) => m.provisioning_failure_rate.rate_pct,
  },
  {
    metric: 'provider_cancellation_rate',
    label: 'provider cancellations',
    unit: '%',
    direction: 'above',
    threshold: 2,
    perUnit: 2,
    cap: 20,
    value: (m) => m.provider_cancellation_rate.rate_pct,
  },
  {
    metric: 'rejection_rate',
    label: 'rejections',
    unit: '%',
    direction: 'above',
    threshold: 20,
    perUnit: 0.5,
    cap: 10,
    value: (m) => m.rejection_rate.rate_pct,
  },
  {
    metric: 'early_cancellation_rate',
    label: 'early renter cancellations',
    unit: '%',
    direction: 'above',
    threshold: 10,
    perUnit: 0.5,
    cap: 10,
    value: (m) => m.early_cancellation_rate.rate_pct,
  },
  {
    metric: 'acceptance_time',
    label: 'median acceptance time',
    unit: 'h',
    direction: 'above',
    threshold: 12,
    perUnit: 0.5,
    cap: 5,
    value: (m) => hours(m.acceptance_time.median_seconds),
  },
  {
    metric: 'delivery_time',
    label: 'median delivery time',
    unit: 'h',
    direction: 'above',
    threshold: 2,
    perUnit: 0.5,
    cap: 5,
    value: (m) => hours(m.delivery_time.median_seconds),
  },
  {
    metric: 'response_time',
    label: 'median response time',
    unit: 'h',
    direction: 'above',
    threshold: 4,
    perUnit: 0.5,
    cap: 5,
    value: (m) => hours(m.response_time.median_seconds),
  },
  {
    metric: 'sla_breach_rate',
    label: 'response SLA breaches',
    unit: '%',
    direction: 'above',
    threshold: 10,
    perUnit: 0.2,
    cap: 5,
    value: (m) =>
      m.response_time.waits > 0 ? (m.response_time.breaches / m.response_time.waits) * 100 : null,
  },
  {
    metric: 'feedback_matched_description',
    label: '"matched its description" answers',
    unit: '%',
    direction: 'below',
    threshold: 80,
    perUnit: 0.25,
    cap: 5,
    value: (m) =>
      m.feedback.matched_description.answers >= MIN_FEEDBACK_ANSWERS
        ? m.feedback.matched_description.yes_rate_pct
        : null,
  },
  {
    metric: 'feedback_would_rent_again',
    label: '"would rent again" answers',
    unit: '%',
    direction: 'below',
    threshold: 80,
    perUnit: 0.25,
    cap: 5,
    value: (m) =>
      m.feedback.would_rent_again.answers >= MIN_FEEDBACK_ANSWERS
        ? m.feedback.would_rent_again.yes_rate_pct
        : null,
  },
];

/** A number for a message: at most `decimals` decimals (default 1), trailing zeros dropped. */
export function formatNumber(value: number, decimals = 1): string {
  const scale = 10 ** decimals;
  return String(Math.round(value * scale) / scale);
}

/** A provider's score under formula v1. */
export interface TrustScore {
  readonly version: string;
  /** 0..100, one decimal; null with `nullReason` on thin data. */
  readonly score: number | null;
  readonly nullReason: string | null;
  readonly flags: TrustFlag[];
}

/** Why a provider has no score, or null when it may have one. */
export function thinDataReason(metrics: ProviderMetrics): string | null {
  const reasons: string[] = [];
  const delivered = metrics.volume.delivered_contracts;
  if (delivered < MIN_DELIVERED_CONTRACTS) {
    reasons.push(
      `${delivered} delivered contract${delivered === 1 ? '' : 's'} (at least ${MIN_DELIVERED_CONTRACTS} needed)`,
    );
  }
  const days = metrics.days_with_checks;
  if (days < MIN_DAYS_WITH_CHECKS) {
    reasons.push(
      `health checks on ${days} day${days === 1 ? '' : 's'} of the last 30 (at least ${MIN_DAYS_WITH_CHECKS} needed)`,
    );
  }
  if (reasons.length === 0 && metrics.uptime_30d.uptime_pct === null) {
    reasons.push('no delivered time in the last 30 days');
  }
  return reasons.length === 0 ? null : `Not enough data: ${reasons.join('; ')}.`;
}

/**
 * Scores `metrics` with formula v1: 100 minus each rule's penalty, clamped to 0..100, rounded
 * to one decimal; every rule beyond its threshold is a flag naming value and threshold. Thin
 * data (see {@link thinDataReason}) gives no score and no flags.
 */
export function scoreProvider(metrics: ProviderMetrics): TrustScore {
  const nullReason = thinDataReason(metrics);
  if (nullReason !== null) {
    return { version: TRUST_FORMULA_VERSION, score: null, nullReason, flags: [] };
  }
  const flags: TrustFlag[] = [];
  let penalties = 0;
  for (const rule of TRUST_RULES_V1) {
    const value = rule.value(metrics);
    if (value === null) continue;
    const beyond = rule.direction === 'above' ? value - rule.threshold : rule.threshold - value;
    if (!(beyond > 0)) continue;
    const penalty = Math.min(rule.cap, beyond * rule.perUnit);
    penalties += penalty;
    const unit = rule.unit === '%' ? ' %' : ' h';
    flags.push({
      metric: rule.metric,
      value,
      threshold: rule.threshold,
      penalty: Math.round(penalty * 100) / 100,
      message: `${rule.label} ${formatNumber(value, rule.decimals)}${unit} (threshold ${formatNumber(rule.threshold, rule.decimals)}${unit})`,
    });
  }
  const score = Math.round(Math.min(100, Math.max(0, 100 - penalties)) * 10) / 10;
  return { version: TRUST_FORMULA_VERSION, score, nullReason: null, flags };
}
