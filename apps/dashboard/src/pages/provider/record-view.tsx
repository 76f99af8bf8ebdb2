import type { ProviderRecord } from '@dc/client';
import { formatTime } from '../../components/money';
import { duration, pct, rateOf } from './figures';

/** The trust score (or why there is none), its flags, and every metric that feeds it. */
export function RecordView({ record }: { readonly record: ProviderRecord }) {
  const m = record.metrics;
  const metrics: readonly [string, string][] = [
    ['Uptime 30 d', pct(m.uptime_30d.uptime_pct)],
    [
      'Acceptance time (median)',
      `${duration(m.acceptance_time.median_seconds)} (${m.acceptance_time.count} requests)`,
    ],
    [
      'Delivery time (median)',
      `${duration(m.delivery_time.median_seconds)} (${m.delivery_time.count} deliveries)`,
    ],
    [
      'Provisioning failures',
      rateOf(
        m.provisioning_failure_rate.rate_pct,
        m.provisioning_failure_rate.provisioning_failed,
        m.provisioning_failure_rate.accepted,
      ),
    ],
    [
      'Rejections',
      rateOf(m.rejection_rate.rate_pct, m.rejection_rate.rejected, m.rejection_rate.paid_requests),
    ],
    [
      'Early cancellations',
      rateOf(
        m.early_cancellation_rate.rate_pct,
        m.early_cancellation_rate.early_cancellations,
        m.early_cancellation_rate.delivered,
      ),
    ],
    [
      'Your cancellations',
      rateOf(
        m.provider_cancellation_rate.rate_pct,
        m.provider_cancellation_rate.provider_cancellations,
        m.provider_cancellation_rate.delivered,
      ),
    ],
    [
      'Reply time (median)',
      `${duration(m.response_time.median_seconds)} (${m.response_time.answered} of ${m.response_time.waits} answered, ${m.response_time.breaches} late)`,
    ],
    [
      'Matched the description',
      rateOf(
        m.feedback.matched_description.yes_rate_pct,
        m.feedback.matched_description.yes,
        m.feedback.matched_description.answers,
      ),
    ],
    [
      'Would rent again',
      rateOf(
        m.feedback.would_rent_again.yes_rate_pct,
        m.feedback.would_rent_again.yes,
        m.feedback.would_rent_again.answers,
      ),
    ],
    [
      'Delivered contracts',
      `${m.volume.delivered_contracts} (${m.volume.distinct_renters} renters, ${m.volume.repeat_renters} repeat)`,
    ],
    ['Days with checks (of 30)', String(m.days_with_checks)],
  ];
  return (
    <>
      <p>
        Trust score:{' '}
        <strong data-testid="trust-score">
          {record.trust_score === null ? 'none yet' : `${record.trust_score} / 100`}
        </strong>
        {record.null_reason ? <span>: {record.null_reason}</span> : null}
      </p>
      <p className="muted">
        Formula {record.formula_version}, computed {formatTime(record.computed_at)}; renters see
        this record on your offerings.
      </p>
      <h3>Flags</h3>
      {record.flags.length === 0 ? (
        <p>No flag: no metric is beyond its threshold.</p>
      ) : (
        <ul>
          {record.flags.map((f) => (
            <li key={f.metric}>
              {f.message}: −{f.penalty} points (value {f.value}, threshold {f.threshold})
            </li>
          ))}
        </ul>
      )}
      <h3>What the score is made of</h3>
      <ul className="metrics" aria-label="Metrics">
        {metrics.map(([label, value]) => (
          <li key={label}>
            <span className="muted">{label}</span>
            <span className="figure">{value}</span>
          </li>
        ))}
      </ul>
    </>
  );
}
