import type { ProviderMetrics } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { THIRTY_DAYS_HOURS, windowStart, windowView } from '../uptime/windows';

const DAY_MS = 86_400_000;

/** A count from SQL (bigint) as a number; null and undefined as 0. */
const n = (value: bigint | number | string | null | undefined): number =>
  value === null || value === undefined ? 0 : Number(value);

/** numerator / denominator in percent, null when the denominator is 0. */
export function ratePct(numerator: number, denominator: number): number | null {
  return denominator > 0 ? (numerator / denominator) * 100 : null;
}

interface ContractFacts {
  provider_id: string;
  acceptance_median: number | null;
  acceptance_n: bigint;
  delivery_median: number | null;
  delivery_n: bigint;
  accepted: bigint;
  provisioning_failed: bigint;
  paid_requests: bigint;
  rejected: bigint;
  delivered: bigint;
  early_cancellations: bigint;
  provider_cancellations: bigint;
}

/**
 * The 90-day contract metrics of every provider (trust.md §2). Each rate counts a cohort by the
 * time of its starting event within the last 90 days and the outcome whenever it came:
 * - acceptance time: paid requests decided (first history row to `accepted` or `rejected`) in
 *   the window; from the payment (the card payment's `succeeded_at`, else `requested_at`);
 * - delivery time: contracts first `provisioned` in the window; from their first `accepted`;
 * - provisioning failure rate: accepted in the window, later `provisioning_failed`;
 * - rejection rate: requests paid in the window (`paid > 0`), later `rejected`;
 * - early cancellation rate: delivered in the window, then cancelled by the renter (event
 *   `cancel` from `provisioned`/`active`) before 10 % of the paid hours had passed;
 * - provider cancellation rate: delivered in the window, later ended by `provider_cancel`.
 * Only contracts updated in the window can have such an event, which bounds the scan.
 */
async function contractFacts(db: Kysely<Database>, now: Date): Promise<ContractFacts[]> {
  const since = new Date(now.getTime() - 90 * DAY_MS).toISOString();
  const at = now.toISOString();
  const result = await sql<ContractFacts>`
    WITH facts AS (
      SELECT c.id, c.provider_id, c.paid,
             coalesce(pay.succeeded_at, c.requested_at) AS paid_at,
             min(h.at) FILTER (WHERE h.to_status IN ('accepted', 'rejected')) AS decided_at,
             min(h.at) FILTER (WHERE h.to_status = 'accepted') AS accepted_at,
             coalesce(bool_or(h.to_status = 'rejected'), false) AS rejected,
             min(h.at) FILTER (WHERE h.to_status = 'provisioned') AS delivered_at,
             coalesce(bool_or(h.to_status = 'provisioning_failed'), false) AS failed,
             coalesce(bool_or(h.event = 'provider_cancel'), false) AS provider_cancelled,
             min(h.at) FILTER (WHERE h.event = 'cancel' AND h.actor_role = 'renter'
                                 AND h.from_status IN ('provisioned', 'active')) AS renter_cancelled_at,
             (SELECT sum(s.hours) FROM contract_segments s WHERE s.contract_id = c.id) AS term_hours
      FROM contracts c
      LEFT JOIN payments pay ON pay.contract_id = c.id AND pay.succeeded_at IS NOT NULL
                            -- the rental's payment only: extensions are paid later, apart
                            AND pay.purpose = 'contract'
      JOIN contract_history h ON h.contract_id = c.id AND h.at <= ${at}::timestamptz
      WHERE c.updated_at >= ${since}::timestamptz
      GROUP BY c.id, pay.succeeded_at
    )
    SELECT provider_id,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - paid_at)::float8)
        FILTER (WHERE paid > 0 AND decided_at >= ${since}::timestamptz AND decided_at >= paid_at)
        AS acceptance_median,
      count(*) FILTER (WHERE paid > 0 AND decided_at >= ${since}::timestamptz AND decided_at >= paid_at)
        AS acceptance_n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM delivered_at - accepted_at)::float8)
        FILTER (WHERE delivered_at >= ${since}::timestamptz AND accepted_at IS NOT NULL)
        AS delivery_median,
      count(*) FILTER (WHERE delivered_at >= ${since}::timestamptz AND accepted_at IS NOT NULL)
        AS delivery_n,
      count(*) FILTER (WHERE accepted_at >= ${since}::timestamptz) AS accepted,
      count(*) FILTER (WHERE accepted_at >= ${since}::timestamptz AND failed) AS provisioning_failed,
      count(*) FILTER (WHERE paid > 0 AND paid_at >= ${since}::timestamptz
                         AND paid_at <= ${at}::timestamptz) AS paid_requests,
      count(*) FILTER (WHERE paid > 0 AND paid_at >= ${since}::timestamptz
                         AND paid_at <= ${at}::timestamptz AND rejected) AS rejected,
      count(*) FILTER (WHERE delivered_at >= ${since}::timestamptz) AS delivered,
      count(*) FILTER (WHERE delivered_at >= ${since}::timestamptz
                         AND renter_cancelled_at IS NOT NULL
                         AND renter_cancelled_at - delivered_at
                             < make_interval(secs => term_hours * 360)) AS early_cancellations,
      count(*) FILTER (WHERE delivered_at >= ${since}::timestamptz AND provider_cancelled)
        AS provider_cancellations
    FROM facts GROUP BY provider_id`.execute(db);
  return result.rows;
}

interface Volume {
  provider_id: string;
  delivered: bigint;
  renters: bigint;
  repeat: bigint;
}

/** Contracts ever delivered (reached `provisioned`), their renters and repeat renters. */
async function volumes(db: Kysely<Database>, now: Date): Promise<Volume[]> {
  const result = await sql<Volume>`
    SELECT provider_id, sum(contracts)::int8 AS delivered, count(*)::int8 AS renters,
           (count(*) FILTER (WHERE contracts >= 2))::int8 AS repeat
    FROM (SELECT provider_id, renter_id, count(*) AS contracts FROM contracts
          WHERE term_start IS NOT NULL AND term_start <= ${now.toISOString()}::timestamptz
          GROUP BY provider_id, renter_id) per_renter
    GROUP BY provider_id`.execute(db);
  return result.rows;
}

interface Responses {
  provider_id: string;
  median: number | null;
  answered: bigint;
  waits: bigint;
  breaches: bigint;
}

/**
 * Renter messages of the last 30 days that started a wait (`message_waits`: the reply is the
 * first non-automated provider message, never-again 30): the median wait of those answered,
 * and breaches (answered later than the SLA, or unanswered past it).
 */
async function responses(db: Kysely<Database>, now: Date): Promise<Responses[]> {
  const since = new Date(now.getTime() - 30 * DAY_MS).toISOString();
  const at = now.toISOString();
  const result = await sql<Responses>`
    SELECT provider_id,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM replied_at - asked_at)::float8)
        FILTER (WHERE replied_at <= ${at}::timestamptz) AS median,
      count(*) FILTER (WHERE replied_at <= ${at}::timestamptz) AS answered,
      count(*) AS waits,
      count(*) FILTER (WHERE
        (replied_at <= ${at}::timestamptz AND replied_at - asked_at > make_interval(secs => sla_seconds))
        OR ((replied_at IS NULL OR replied_at > ${at}::timestamptz)
            AND asked_at + make_interval(secs => sla_seconds) <= ${at}::timestamptz)) AS breaches
    FROM message_waits
    WHERE asked_at >= ${since}::timestamptz AND asked_at <= ${at}::timestamptz
    GROUP BY provider_id`.execute(db);
  return result.rows;
}

interface Feedback {
  provider_id: string;
  answers: bigint;
  matched: bigint;
  again: bigint;
}

/** Every feedback answer so far (binary answers only; comments never feed numbers). */
async function feedback(db: Kysely<Database>, now: Date): Promise<Feedback[]> {
  const result = await sql<Feedback>`
    SELECT provider_id, count(*) AS answers,
           count(*) FILTER (WHERE matched_description) AS matched,
           count(*) FILTER (WHERE would_rent_again) AS again
    FROM contract_feedback WHERE created_at <= ${now.toISOString()}::timestamptz
    GROUP BY provider_id`.execute(db);
  return result.rows;
}

interface CheckDays {
  provider_id: string;
  days: bigint;
}

/** UTC days of the 30-day window on which any of the provider's contracts was checked or probed. */
async function checkDays(db: Kysely<Database>, horizon: Date): Promise<CheckDays[]> {
  const result = await sql<CheckDays>`
    SELECT c.provider_id, count(DISTINCT date_trunc('day', u.hour, 'UTC'))::int8 AS days
    FROM uptime_hours u JOIN contracts c ON c.id = u.contract_id
    WHERE u.hour >= ${windowStart(horizon, THIRTY_DAYS_HOURS).toISOString()}::timestamptz
      AND u.agent_checks + u.probes > 0
    GROUP BY c.provider_id`.execute(db);
  return result.rows;
}

const byProvider = <T extends { provider_id: string }>(rows: readonly T[]) =>
  new Map(rows.map((row) => [row.provider_id, row]));

/**
 * Every metric of trust.md §2 for every provider, as of `now` (the uptime windows must have
 * been refreshed to `now` first).
 */
export async function computeProviderMetrics(
  db: Kysely<Database>,
  now: Date,
): Promise<Map<string, ProviderMetrics>> {
  const providers = await db.selectFrom('providers').select('account_id').execute();
  const facts = byProvider(await contractFacts(db, now));
  const volume = byProvider(await volumes(db, now));
  const response = byProvider(await responses(db, now));
  const answers = byProvider(await feedback(db, now));
  const days = byProvider(await checkDays(db, now));
  const uptime = new Map(
    (
      await db
        .selectFrom('uptime_windows')
        .selectAll()
        .where('subject_kind', '=', 'provider')
        .where('window_hours', '=', THIRTY_DAYS_HOURS)
        .execute()
    ).map((row) => [row.subject_id, row]),
  );
  const metrics = new Map<string, ProviderMetrics>();
  for (const { account_id: id } of providers) {
    const f = facts.get(id);
    const v = volume.get(id);
    const r = response.get(id);
    const a = answers.get(id);
    const { window: _window, ...uptime30 } = windowView('30d', uptime.get(id));
    metrics.set(id, {
      acceptance_time: { median_seconds: f?.acceptance_median ?? null, count: n(f?.acceptance_n) },
      delivery_time: { median_seconds: f?.delivery_median ?? null, count: n(f?.delivery_n) },
      provisioning_failure_rate: {
        rate_pct: ratePct(n(f?.provisioning_failed), n(f?.accepted)),
        provisioning_failed: n(f?.provisioning_failed),
        accepted: n(f?.accepted),
      },
      rejection_rate: {
        rate_pct: ratePct(n(f?.rejected), n(f?.paid_requests)),
        rejected: n(f?.rejected),
        paid_requests: n(f?.paid_requests),
      },
      early_cancellation_rate: {
        rate_pct: ratePct(n(f?.early_cancellations), n(f?.delivered)),
        early_cancellations: n(f?.early_cancellations),
        delivered: n(f?.delivered),
      },
      provider_cancellation_rate: {
        rate_pct: ratePct(n(f?.provider_cancellations), n(f?.delivered)),
        provider_cancellations: n(f?.provider_cancellations),
        delivered: n(f?.delivered),
      },
      uptime_30d: uptime30,
      response_time: {
        median_seconds: r?.median ?? null,
        answered: n(r?.answered),
        waits: n(r?.waits),
        breaches: n(r?.breaches),
      },
      feedback: {
        matched_description: {
          yes_rate_pct: ratePct(n(a?.matched), n(a?.answers)),
          yes: n(a?.matched),
          answers: n(a?.answers),
        },
        would_rent_again: {
          yes_rate_pct: ratePct(n(a?.again), n(a?.answers)),
          yes: n(a?.again),
          answers: n(a?.answers),
        },
      },
      volume: {
        delivered_contracts: n(v?.delivered),
        distinct_renters: n(v?.renters),
        repeat_renters: n(v?.repeat),
      },
      days_with_checks: n(days.get(id)?.days),
    });
  }
  return metrics;
}
