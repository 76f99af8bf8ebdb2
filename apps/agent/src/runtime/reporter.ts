import type {
  Client,
  CompleteJobParameters,
  CompleteJobReturnType,
  LeaseJobsReturnType,
} from '@dc/client/agent';
import { completeJob, failJob } from './api';
import { describeApiError, isAgentRefused, isApiOutage, isLeaseLost } from './api-errors';
import { type BackoffPolicy, backoffDelay, sleep } from './backoff';

/** A job as leased. */
export type LeasedJob = LeaseJobsReturnType['jobs'][number];

/** What the API answered about a finished job. */
export type JobOutcome = CompleteJobReturnType;

/** How a report ended. */
export type ReportResult<T> =
  | { readonly outcome: 'sent'; readonly value: T }
  /** The lease is not ours any more: stop, report nothing else. */
  | { readonly outcome: 'lease_lost'; readonly error: string }
  /** The API answered and refused this report (e.g. a field it will not accept). */
  | { readonly outcome: 'refused'; readonly error: string }
  /** The caller gave up (shutdown) before an answer came. */
  | { readonly outcome: 'aborted' };

/** Where a report's attempts are counted against the API's health. */
export interface LinkObserver {
  ok(): void;
  failed(error: unknown): boolean;
}

/** How reports are retried. */
export interface ReportRetry {
  readonly backoff: BackoffPolicy;
  readonly link: LinkObserver;
  readonly random?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sends one report until the API answers it. Reports are idempotent per lease (the server
 * refuses a second one with `stale_lease`), so an outage is waited out with backoff however
 * long it lasts: a finished job is never lost to a network blip. It stops when the lease is
 * known lost, when the API refuses the report itself, or when `signal` aborts.
 */
export async function sendReport<T>(
  send: (signal: AbortSignal) => Promise<T>,
  retry: ReportRetry,
  signal: AbortSignal,
): Promise<ReportResult<T>> {
  const wait = retry.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) return { outcome: 'aborted' };
    try {
      const value = await send(signal);
      retry.link.ok();
      return { outcome: 'sent', value };
    } catch (error) {
      if (signal.aborted) return { outcome: 'aborted' };
      // Checked first: a revoked delegation is a refusal of the agent, but its leases are gone.
      if (isLeaseLost(error)) {
        retry.link.ok();
        return { outcome: 'lease_lost', error: describeApiError(error) };
      }
      // A refusal of the agent (a clock out of the signature window) may be fixed while the
      // lease still stands, so it is waited out like an outage.
      if (!isApiOutage(error) && !isAgentRefused(error)) {
        retry.link.ok();
        return { outcome: 'refused', error: describeApiError(error) };
      }
      retry.link.failed(error);
      await wait(backoffDelay(attempt, retry.backoff, retry.random), signal);
    }
  }
}

/** The body of a completion, without the lease proof (added here). */
export type Completion = Omit<CompleteJobParameters['body'], 'lease_id' | 'fencing_token'>;

/**
 * Reports on leased jobs, each report carrying the lease id and fencing token. `current` gives
 * the job's latest lease: when this agent leased the same job again while still working on it
 * (its lease expired during an outage), the report goes under the new lease, and a "lost
 * lease" answer about the old one is not the end of it.
 */
export class Reporter {
  constructor(
    private readonly client: Client,
    private readonly retry: ReportRetry,
  ) {}

  /** Reports the job done. */
  complete(
    current: () => LeasedJob,
    completion: Completion,
    signal: AbortSignal,
  ): Promise<ReportResult<JobOutcome>> {
    return this.#underLatestLease(current, signal, (job, s) =>
      completeJob(
        this.client,
        { id: job.job_id, body: { ...proofOf(job), ...completion } },
        {
          signal: s,
        },
      ),
    );
  }

  /** Reports the job failed; a retryable failure returns it to the queue. */
  fail(
    current: () => LeasedJob,
    error: string,
    retryable: boolean,
    signal: AbortSignal,
  ): Promise<ReportResult<JobOutcome>> {
    return this.#underLatestLease(current, signal, (job, s) =>
      failJob(
        this.client,
        { id: job.job_id, body: { ...proofOf(job), error: clip(error), retryable } },
        { signal: s },
      ),
    );
  }

  async #underLatestLease(
    current: () => LeasedJob,
    signal: AbortSignal,
    send: (job: LeasedJob, signal: AbortSignal) => Promise<JobOutcome>,
  ): Promise<ReportResult<JobOutcome>> {
    for (;;) {
      const job = current();
      const result = await sendReport((s) => send(job, s), this.retry, signal);
      if (result.outcome !== 'lease_lost' || current().lease_id === job.lease_id) return result;
    }
  }
}

/** The lease a report refers to. */
export function proofOf(job: LeasedJob): { lease_id: string; fencing_token: number } {
  return { lease_id: job.lease_id, fencing_token: job.fencing_token };
}

/** The API takes at most 2000 characters of error text. */
function clip(error: string): string {
  const text = error.trim() || 'unknown error';
  return text.length > 2000 ? `${text.slice(0, 1997)}...` : text;
}
