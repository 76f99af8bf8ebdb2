import type { Client } from '@dc/client/agent';
import type { Logger } from 'pino';
import { sendHeartbeat } from './api';
import { describeApiError } from './api-errors';
import { type BackoffPolicy, backoffDelay, sleep } from './backoff';
import type { RuntimeEvent } from './events';
import type { LinkObserver } from './reporter';
import type { StatusStore } from './status-store';

/** What {@link startHeartbeats} needs. */
export interface HeartbeatDeps {
  readonly client: Client;
  readonly link: LinkObserver;
  readonly logger: Logger;
  readonly status: StatusStore;
  readonly emit: (event: RuntimeEvent) => void;
  readonly now: () => number;
  readonly version: string;
  readonly kinds: readonly string[];
  readonly capacity: number;
  /** Jobs running now, read at each beat. */
  readonly activeJobs: () => number;
  readonly intervalMs: number;
  readonly backoff: BackoffPolicy;
}

/** The heartbeat loop. */
export interface Heartbeats {
  /** Resolves after the first heartbeat the API accepted (it records our provisioner kinds). */
  readonly firstAccepted: Promise<void>;
  readonly done: Promise<void>;
}

/**
 * Sends heartbeats on their own timer, so a 20-minute job never delays one (the pool goes
 * offline after 90 s without any). The interval is the configured one, or shorter when the
 * API asks for that in its answer. After a failure the next beat comes sooner (backoff
 * capped by the interval), so the pool is back online soon after the API is.
 */
export function startHeartbeats(deps: HeartbeatDeps, signal: AbortSignal): Heartbeats {
  let accepted: () => void = () => {};
  const firstAccepted = new Promise<void>((resolve) => {
    accepted = resolve;
  });
  const done = (async () => {
    let failures = 0;
    while (!signal.aborted) {
      let waitMs = deps.intervalMs;
      try {
        const ack = await sendHeartbeat(
          deps.client,
          {
            body: {
              version: deps.version,
              provisioner_kinds: [...deps.kinds],
              active_jobs: deps.activeJobs(),
              capacity: deps.capacity,
            },
          },
          { signal },
        );
        deps.link.ok();
        failures = 0;
        if (ack.next_heartbeat_in_seconds > 0) {
          waitMs = Math.min(waitMs, ack.next_heartbeat_in_seconds * 1000);
        }
        const at = new Date(deps.now()).toISOString();
        deps.status.update(() => ({ last_heartbeat_at: at }));
        deps.emit({ type: 'heartbeat', at });
        accepted();
      } catch (error) {
        if (signal.aborted) break;
        if (!deps.link.failed(error)) {
          deps.logger.warn({ err: describeApiError(error) }, 'heartbeat refused');
        }
        waitMs = Math.min(waitMs, Math.max(1, backoffDelay(failures++, deps.backoff)));
      }
      await sleep(waitMs, signal);
    }
  })();
  return { firstAccepted, done };
}
