import type { Client } from '@dc/client/agent';
import type { Logger } from 'pino';
import { leaseJobs } from './api';
import { describeApiError, isAgentRefused } from './api-errors';
import { type BackoffPolicy, backoffDelay, sleep } from './backoff';
import type { JobRunner } from './job-runner';
import { MAX_LEASE_BATCH } from './options';
import type { LinkObserver } from './reporter';

/** What {@link runLeaseLoop} needs. */
export interface LeaseLoopDeps {
  readonly client: Client;
  readonly link: LinkObserver;
  readonly logger: Logger;
  readonly runner: JobRunner;
  readonly waitMs: number;
  readonly backoff: BackoffPolicy;
  /** Leasing starts once this resolves (the API must know our provisioner kinds first). */
  readonly ready: Promise<void>;
}

/**
 * Leases work while there is room for it: a long-poll for as many jobs as there are free
 * slots (so the concurrency limit holds), each job handed to the runner at once. When all
 * slots are busy it waits for one instead of polling. Aborting `signal` ends the loop, cutting
 * a long-poll short. API outages back off with full jitter and never end the loop.
 */
export async function runLeaseLoop(deps: LeaseLoopDeps, signal: AbortSignal): Promise<void> {
  await Promise.race([deps.ready, aborted(signal)]);
  let failures = 0;
  while (!signal.aborted) {
    await deps.runner.waitForSlot(signal);
    if (signal.aborted) break;
    const max = Math.min(MAX_LEASE_BATCH, deps.runner.free);
    try {
      const { jobs } = await leaseJobs(
        deps.client,
        { body: { max, wait_ms: deps.waitMs } },
        { signal },
      );
      deps.link.ok();
      failures = 0;
      // Even when a stop came meanwhile: the runner finishes or releases them within the
      // shutdown time, which beats sitting on leases nobody works on.
      for (const job of jobs) deps.runner.start(job);
    } catch (error) {
      if (signal.aborted) break;
      if (!deps.link.failed(error)) {
        deps.logger.error({ err: describeApiError(error) }, 'lease request failed');
      }
      // A refusal (revoked key, clock skew) needs a person: retried at the slowest pace.
      const delay = isAgentRefused(error)
        ? deps.backoff.capMs
        : backoffDelay(failures++, deps.backoff);
      await sleep(delay, signal);
    }
  }
}

function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
