import type { Client } from '@dc/client/agent';
import type { Logger } from 'pino';
import { renewJobLease } from './api';
import { describeApiError, isLeaseLost } from './api-errors';
import { sleep } from './backoff';
import { type LeasedJob, type LinkObserver, proofOf } from './reporter';

/** What {@link renewLease} needs. */
export interface LeaseRenewalDeps {
  readonly client: Client;
  readonly link: LinkObserver;
  readonly logger: Logger;
  /** How often to renew; well inside the 60 s lease so one failed renewal is survivable. */
  readonly intervalMs: number;
}

/** A running renewal; `stop()` ends it (and any request in flight). */
export interface LeaseRenewal {
  stop(): void;
  /** Resolves when the renewal loop has ended. */
  readonly done: Promise<void>;
}

/**
 * Renews the job's current lease every `intervalMs` until stopped, so a long build (a 20-minute Proxmox
 * clone) keeps its job. When the API says the lease is gone (superseded, job vanished,
 * delegation revoked), `onLost` is called once and renewal ends: the work must stop at once,
 * because another agent may already be doing it. A renewal lost to an outage is not a lost
 * lease: the server keeps an expired lease current until someone else takes it.
 */
export function renewLease(
  current: () => LeasedJob,
  deps: LeaseRenewalDeps,
  onLost: (reason: string) => void,
): LeaseRenewal {
  const controller = new AbortController();
  const { signal } = controller;
  const done = (async () => {
    while (!signal.aborted) {
      await sleep(deps.intervalMs, signal);
      if (signal.aborted) return;
      // Read at each renewal: the runner may have moved the job to a newer lease of ours.
      const job = current();
      try {
        await renewJobLease(deps.client, { id: job.job_id, body: proofOf(job) }, { signal });
        deps.link.ok();
      } catch (error) {
        if (signal.aborted) return;
        if (isLeaseLost(error)) {
          deps.link.ok();
          // Superseded by our own re-lease while the request was out: renew the new one.
          if (current().lease_id !== job.lease_id) continue;
          onLost(describeApiError(error));
          return;
        }
        if (!deps.link.failed(error)) {
          deps.logger.warn({ err: describeApiError(error) }, 'lease renewal refused');
        }
      }
    }
  })();
  return { stop: () => controller.abort(), done };
}
