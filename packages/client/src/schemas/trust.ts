import { z } from 'zod';
import { Username } from './account';
import { Id, Timestamp } from './common';

/** The uptime windows of trust.md §1, as the API names them. */
export const UPTIME_WINDOWS = ['24h', '7d', '30d'] as const;

/** Uptime over one window, with the evidence behind it. */
export const UptimeWindow = z.object({
  window: z.enum(UPTIME_WINDOWS),
  /** Healthy / expected time in percent; null when the subject was never delivered in it. */
  uptime_pct: z.number().nullable(),
  /** Seconds the subject's contracts were `provisioned` or `active` in the window. */
  expected_seconds: z.number(),
  /** Of those, seconds judged healthy (the prober where it probed, else the agent). */
  healthy_seconds: z.number(),
  /** Agent health checks behind the figure. */
  agent_checks: z.number().int(),
  /** The platform's own probes behind the figure. */
  probes: z.number().int(),
  /** Probes that contradicted the agent's latest check. */
  disagreements: z.number().int(),
});
export type UptimeWindow = z.infer<typeof UptimeWindow>;

/** One probe that contradicted the agent (the prober wins for uptime). */
export const ProbeDisagreement = z.object({
  probed_at: Timestamp,
  /** Whether the SSH port accepted a TCP connection. */
  reachable: z.boolean(),
  /** What the agent's latest check in the probe interval said. */
  agent_status: z.enum(['healthy', 'unhealthy', 'unknown']),
});

/**
 * Uptime of a contract, an offering or a provider over 24 h, 7 d and 30 d. Windows end at
 * `computed_at` (the trust job's last run) and start on the hour, so `24h` covers between 23
 * and 24 hours (exactly 24 when `computed_at` is on the hour). `series_path` is the daily
 * series for charts.
 */
export const UptimeReport = z.object({
  subject: z.enum(['contract', 'offering', 'provider']),
  /** Contract or offering id, or the provider's username. */
  id: z.string(),
  windows: z.array(UptimeWindow),
  /** Null until the trust job has run once. */
  computed_at: Timestamp.nullable(),
  series_path: z.string(),
  /** Contracts only: the latest disagreements between the prober and the agent (at most 20). */
  recent_disagreements: z.array(ProbeDisagreement).optional(),
});
export type UptimeReport = z.infer<typeof UptimeReport>;

/** One UTC day of an uptime series. */
export const UptimeDay = z.object({
  day: z.iso.date(),
  uptime_pct: z.number().nullable(),
  expected_seconds: z.number(),
  healthy_seconds: z.number(),
  agent_checks: z.number().int(),
  probes: z.number().int(),
  disagreements: z.number().int(),
});
export type UptimeDay = z.infer<typeof UptimeDay>;

/** `?days=`: how many UTC days, the current one included (1-90, default 30). */
export const UptimeSeriesQuery = z.object({
  days: z.coerce.number().int().min(1).max(90).default(30),
});

/** Daily uptime, oldest day first; days without delivered time are left out. */
export const UptimeSeries = z.object({
  subject: z.enum(['contract', 'offering', 'provider']),
  id: z.string(),
  days: z.array(UptimeDay),
  computed_at: Timestamp.nullable(),
});
export type UptimeSeries = z.infer<typeof UptimeSeries>;

const Median = z.object({
  /** Median in seconds (mean of the two middle values for an even count); null without data. */
  median_seconds: z.number().nullable(),
  count: z.number().int(),
});

const Rate = <N extends string, D extends string>(numerator: N, denominator: D) =>
  z.object({
    /** numerator / denominator in percent; null when the denominator is 0. */
    rate_pct: z.number().nullable(),
    ...({ [numerator]: z.number().int(), [denominator]: z.number().int() } as Record<
      N | D,
      z.ZodNumber
    >),
  });

const YesRate = z.object({
  yes_rate_pct: z.number().nullable(),
  yes: z.number().int(),
  answers: z.number().int(),
});

/**
 * Every metric of trust.md §2 with its inputs. Rates and medians over the last 90 days count
 * contracts whose starting event (paid request, acceptance, delivery, decision) falls in the
 * window; the API's `src/trust/README.md` defines each one exactly.
 */
export const ProviderMetrics = z.object({
  /** Paid request to accepted or rejected, last 90 d. */
  acceptance_time: Median,
  /** Accepted to provisioned, last 90 d. */
  delivery_time: Median,
  /** `provisioning_failed` among contracts accepted in the last 90 d. */
  provisioning_failure_rate: Rate('provisioning_failed', 'accepted'),
  /** `rejected` among paid requests of the last 90 d. */
  rejection_rate: Rate('rejected', 'paid_requests'),
  /** Renter cancellations within the first 10 % of the paid term, among deliveries (90 d). */
  early_cancellation_rate: Rate('early_cancellations', 'delivered'),
  /** `provider_cancel` among deliveries of the last 90 d. */
  provider_cancellation_rate: Rate('provider_cancellations', 'delivered'),
  /** trust.md §1 across all the provider's contracts. */
  uptime_30d: UptimeWindow.omit({ window: true }),
  /** First non-automated provider reply to a renter message, last 30 d. */
  response_time: z.object({
    median_seconds: z.number().nullable(),
    answered: z.number().int(),
    waits: z.number().int(),
    /** Replies later than the offering's SLA plus waits still unanswered past it. */
    breaches: z.number().int(),
  }),
  feedback: z.object({
    matched_description: YesRate,
    would_rent_again: YesRate,
  }),
  volume: z.object({
    delivered_contracts: z.number().int(),
    distinct_renters: z.number().int(),
    /** Renters with two or more delivered contracts. */
    repeat_renters: z.number().int(),
  }),
  /** UTC days of the last 30 with at least one agent check or probe. */
  days_with_checks: z.number().int(),
});
export type ProviderMetrics = z.infer<typeof ProviderMetrics>;

/** A metric beyond its threshold, and what it cost the score. */
export const TrustFlag = z.object({
  metric: z.string(),
  value: z.number(),
  threshold: z.number(),
  penalty: z.number(),
  /** E.g. "provisioning failures 18 % (threshold 15 %)". */
  message: z.string(),
});
export type TrustFlag = z.infer<typeof TrustFlag>;

/**
 * A provider's public record: every metric, the trust score (0-100, null with the reason on
 * thin data), its flags and the formula version, as computed at `computed_at`.
 */
export const ProviderRecord = z.object({
  username: Username,
  display_name: z.string(),
  formula_version: z.string(),
  trust_score: z.number().nullable(),
  /** Why there is no score, e.g. "4 delivered contracts (at least 5 needed)". */
  null_reason: z.string().nullable(),
  flags: z.array(TrustFlag),
  metrics: ProviderMetrics,
  computed_at: Timestamp,
});
export type ProviderRecord = z.infer<typeof ProviderRecord>;

/** One row of the leaderboard. */
export const LeaderboardEntry = z.object({
  username: Username,
  display_name: z.string(),
  provider_id: Id,
  trust_score: z.number(),
  uptime_30d_pct: z.number().nullable(),
  delivered_contracts: z.number().int(),
  computed_at: Timestamp,
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntry>;

/** Providers with a score: by score, then 30-day uptime, then delivered contracts. */
export const Leaderboard = z.object({
  items: z.array(LeaderboardEntry),
  next_cursor: z.string().nullable(),
});
