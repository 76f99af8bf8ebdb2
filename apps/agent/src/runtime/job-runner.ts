import type { Client } from '@dc/client/agent';
import type { Logger } from 'pino';
import type { ProvisionerSet } from '../config/provisioners';
import { sleep } from './backoff';
import type { JobRef, RuntimeEvent } from './events';
import { failureOf } from './jobs/failure';
import { JOB_HANDLERS } from './jobs/index';
import type { JobHandler, JobResult } from './jobs/types';
import { renewLease } from './lease-renewer';
import type { JobOutcome, LeasedJob, LinkObserver, Reporter, ReportResult } from './reporter';
import type { StatusStore } from './status-store';

/** What the runner needs from the rest of the runtime. */
export interface JobRunnerDeps {
  readonly client: Client;
  readonly reporter: Reporter;
  readonly link: LinkObserver;
  readonly provisioners: ProvisionerSet;
  readonly logger: Logger;
  readonly status: StatusStore;
  readonly emit: (event: RuntimeEvent) => void;
  readonly now: () => number;
  readonly concurrency: number;
  readonly renewIntervalMs: number;
  /** How long a shutdown spends handing back jobs that did not finish in time. */
  readonly releaseTimeoutMs: number;
  readonly handlers?: Readonly<Record<LeasedJob['kind'], JobHandler>>;
}

interface RunningJob {
  /** The job under its latest lease (a re-lease by this agent replaces it). */
  job: LeasedJob;
  readonly startedAt: string;
  /** Monotonic start, for the duration in the outcome line (`now` may be frozen in tests). */
  readonly startedMs: number;
  /** Aborts the handler: lease lost, or a shutdown out of time. */
  readonly work: AbortController;
  /** Aborts reporting: lease lost, or a shutdown's last deadline. */
  readonly reporting: AbortController;
  leaseLost: string | undefined;
  task: Promise<void>;
}

const ABORTED = Symbol('aborted');

/**
 * Runs leased jobs, at most `concurrency` at once, each in its own task with its own lease
 * renewal and cancellation. A job's outcome is reported under its lease (retried through API
 * outages); a job whose lease is lost is dropped without a word, since another agent owns it.
 */
export class JobRunner {
  /** By job id: one task per job, whatever leases it goes through. */
  readonly #running = new Map<string, RunningJob>();
  #slotFreed: (() => void) | undefined;
  readonly #handlers: Readonly<Record<LeasedJob['kind'], JobHandler>>;

  constructor(private readonly deps: JobRunnerDeps) {
    this.#handlers = deps.handlers ?? JOB_HANDLERS;
  }

  /** Jobs running now. */
  get inFlight(): number {
    return this.#running.size;
  }

  /** Slots free for new jobs. */
  get free(): number {
    return Math.max(0, this.deps.concurrency - this.#running.size);
  }

  /**
   * Resolves when a slot is free (at once if one is), or when `signal` aborts. One waiter at a
   * time: only the lease loop asks.
   */
  async waitForSlot(signal: AbortSignal): Promise<void> {
    while (this.free === 0 && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        this.#slotFreed = done;
        signal.addEventListener('abort', done, { once: true });
      });
    }
  }

  /**
   * Starts `job` in its own task. The caller leased no more than {@link free} jobs. A job
   * already running here (its lease ran out during an outage and this agent leased it again)
   * is not started twice: the running task carries on under the new lease, so the same server
   * is never built by two tasks at once.
   */
  start(job: LeasedJob): void {
    const running = this.#running.get(job.job_id);
    if (running !== undefined) {
      if (job.fencing_token > running.job.fencing_token) {
        this.deps.logger.info(
          { job_id: job.job_id, fencing_token: job.fencing_token },
          'job leased again while still running; carrying on under the new lease',
        );
        running.job = job;
      }
      return;
    }
    const entry: RunningJob = {
      job,
      startedAt: new Date(this.deps.now()).toISOString(),
      startedMs: performance.now(),
      work: new AbortController(),
      reporting: new AbortController(),
      leaseLost: undefined,
      task: Promise.resolve(),
    };
    this.#running.set(job.job_id, entry);
    this.#publish();
    entry.task = this.#run(entry).finally(() => {
      this.#running.delete(job.job_id);
      this.#publish();
      const freed = this.#slotFreed;
      this.#slotFreed = undefined;
      freed?.();
    });
  }

  /**
   * Lets in-flight jobs finish within `timeoutMs`; then aborts the rest and hands them back to
   * the queue (a retryable failure, "agent shutting down"), spending at most the release
   * timeout on it. Resolves when every job task has ended.
   */
  async drain(timeoutMs: number): Promise<void> {
    if (await this.#settledWithin(timeoutMs)) return;
    for (const entry of this.#running.values()) entry.work.abort();
    if (await this.#settledWithin(this.deps.releaseTimeoutMs)) return;
    for (const entry of this.#running.values()) entry.reporting.abort();
    await Promise.allSettled([...this.#running.values()].map((entry) => entry.task));
  }

  async #settledWithin(ms: number): Promise<boolean> {
    const tasks = [...this.#running.values()].map((entry) => entry.task);
    if (tasks.length === 0) return true;
    const timer = new AbortController();
    const settled = await Promise.race([
      Promise.allSettled(tasks).then(() => true),
      sleep(ms, timer.signal).then(() => false),
    ]);
    timer.abort();
    return settled || this.#running.size === 0;
  }

  async #run(entry: RunningJob): Promise<void> {
    const { job } = entry;
    const logger = this.deps.logger.child({
      job_id: job.job_id,
      kind: job.kind,
      contract_id: job.contract.id,
      attempt: job.attempt,
    });
    // One info line per job, at its outcome; the start only when debugging.
    logger.debug('job started');
    this.deps.emit({ type: 'job_started', ...refOf(job) });
    const renewal = renewLease(
      () => entry.job,
      {
        client: this.deps.client,
        link: this.deps.link,
        logger,
        intervalMs: this.deps.renewIntervalMs,
      },
      (reason) => {
        entry.leaseLost = reason;
        entry.work.abort();
        entry.reporting.abort();
      },
    );
    try {
      const result = await this.#work(entry, logger);
      if (entry.leaseLost !== undefined) {
        logger.warn({ reason: entry.leaseLost }, 'lease lost; work dropped without a report');
        this.deps.emit({ type: 'job_dropped', reason: entry.leaseLost, ...refOf(entry.job) });
        return;
      }
      if (result === ABORTED) {
        await this.#release(entry, logger);
        return;
      }
      await this.#report(entry, result, logger);
    } finally {
      renewal.stop();
    }
  }

  /**
   * The handler's result, or {@link ABORTED} when the job was aborted first. The handler is
   * not awaited past an abort: one stuck in a call that ignores its signal must not hold up a
   * shutdown or a dropped lease (provisioning is idempotent, so a late finish is harmless).
   */
  async #work(entry: RunningJob, logger: Logger): Promise<JobResult | typeof ABORTED> {
    const handler = this.#handlers[entry.job.kind];
    const { signal } = entry.work;
    const outcome = handler({
      job: entry.job,
      signal,
      provisioners: this.deps.provisioners,
      logger,
    }).catch((error: unknown): JobResult | typeof ABORTED =>
      signal.aborted ? ABORTED : failureOf(error),
    );
    const aborted = new Promise<typeof ABORTED>((resolve) => {
      if (signal.aborted) resolve(ABORTED);
      signal.addEventListener('abort', () => resolve(ABORTED), { once: true });
    });
    return Promise.race([outcome, aborted]);
  }

  async #report(entry: RunningJob, result: JobResult, logger: Logger): Promise<void> {
    const signal = entry.reporting.signal;
    if (result.type === 'complete') {
      const sent = await this.deps.reporter.complete(() => entry.job, result.completion, signal);
      if (sent.outcome === 'sent') {
        logger.info(
          {
            ...result.log,
            job_status: sent.value.status,
            contract_status: sent.value.contract_status,
            duration_ms: Math.round(performance.now() - entry.startedMs),
          },
          'job completed',
        );
        this.deps.emit({
          type: 'job_completed',
          jobStatus: sent.value.status,
          contractStatus: sent.value.contract_status,
          ...refOf(entry.job),
        });
        return;
      }
      if (sent.outcome !== 'refused') return this.#unreported(entry, sent, logger);
      // The API would not take the result (e.g. a renter key revoked meanwhile): fail the
      // attempt so the next one starts afresh; provisioning adopts the server already built.
      logger.warn({ err: sent.error }, 'completion refused; failing the attempt');
      return this.#fail(entry, `the API refused the completion: ${sent.error}`, true, logger);
    }
    return this.#fail(entry, result.error, result.retryable, logger);
  }

  async #fail(entry: RunningJob, error: string, retryable: boolean, logger: Logger): Promise<void> {
    const sent = await this.deps.reporter.fail(
      () => entry.job,
      error,
      retryable,
      entry.reporting.signal,
    );
    if (sent.outcome !== 'sent') return this.#unreported(entry, sent, logger);
    logger.warn({ err: error, retryable, job_status: sent.value.status }, 'job failed');
    this.deps.emit({
      type: 'job_failed',
      error,
      retryable,
      jobStatus: sent.value.status,
      ...refOf(entry.job),
    });
  }

  /** Hands an unfinished job back at shutdown, so another agent need not wait for its lease. */
  async #release(entry: RunningJob, logger: Logger): Promise<void> {
    const signal = AbortSignal.any([
      entry.reporting.signal,
      AbortSignal.timeout(this.deps.releaseTimeoutMs),
    ]);
    const sent = await this.deps.reporter.fail(
      () => entry.job,
      'agent shutting down',
      true,
      signal,
    );
    const jobStatus = sent.outcome === 'sent' ? sent.value.status : null;
    if (sent.outcome === 'lease_lost') return this.#unreported(entry, sent, logger);
    logger.info({ job_status: jobStatus }, 'job released at shutdown');
    this.deps.emit({ type: 'job_released', jobStatus, ...refOf(entry.job) });
  }

  #unreported(
    entry: RunningJob,
    sent: Exclude<ReportResult<JobOutcome>, { outcome: 'sent' }>,
    logger: Logger,
  ): void {
    if (sent.outcome === 'aborted' && entry.leaseLost === undefined) {
      // Shutdown ran out of time with the API unreachable: the lease expires on its own.
      logger.warn('report abandoned at shutdown; the lease will expire');
      return;
    }
    // Aborted by a renewal that found the lease gone, or refused: either way not ours now.
    const reason = sent.outcome === 'aborted' ? (entry.leaseLost ?? 'lease lost') : sent.error;
    logger.warn({ reason, outcome: sent.outcome }, 'report not accepted; work dropped');
    this.deps.emit({ type: 'job_dropped', reason, ...refOf(entry.job) });
  }

  #publish(): void {
    const jobs = [...this.#running.values()].map((entry) => ({
      job_id: entry.job.job_id,
      kind: entry.job.kind,
      contract_id: entry.job.contract.id,
      attempt: entry.job.attempt,
      started_at: entry.startedAt,
    }));
    this.deps.status.update(() => ({ jobs }));
  }
}

/** The event fields naming a job under its current lease. */
function refOf(job: LeasedJob): JobRef {
  return { jobId: job.job_id, kind: job.kind, contractId: job.contract.id, attempt: job.attempt };
}
