import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import type { JobWakeups } from '../wakeups/hub';
import type { ChatwootHttp } from './api';
import { runChatwootMirror } from './mirror';
import { CHATWOOT_WAKEUP } from './wakeup';

/** Without polling the worker still wakes for every queued message. */
const IDLE_WAIT_MS = 3_600_000;

/** Options of {@link startChatwootWorker}. */
export interface ChatwootWorkerOptions {
  readonly db: Kysely<Database>;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'warn' | 'error'>;
  readonly wakeups: JobWakeups;
  readonly http: ChatwootHttp;
  readonly retryBaseMs: number;
  /** How often to look for retries that came due; 0 = only when a message is queued. */
  readonly pollMs: number;
}

/** A running mirror worker. */
export interface ChatwootWorker {
  /** Stops after the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Mirrors queued thread messages into providers' Chatwoot inboxes: woken when a message is
 * queued (at the commit of its transaction, on every instance) and every `pollMs` for retries.
 * Instances share the work through per-thread leases, so each message is sent by one of them.
 */
export function startChatwootWorker(options: ChatwootWorkerOptions): ChatwootWorker {
  let stopped = false;
  let cancelWait: (() => void) | undefined;
  const loop = (async () => {
    while (!stopped) {
      // Subscribe before the pass: a message queued during it still wakes the next wait.
      const wakeup = options.wakeups.subscribe(CHATWOOT_WAKEUP);
      cancelWait = () => wakeup.cancel();
      try {
        await runChatwootMirror({
          db: options.db,
          now: options.now,
          http: options.http,
          retryBaseMs: options.retryBaseMs,
          // A thread's calls each get the timeout; a few of them fit in the lease.
          leaseMs: Math.max(30_000, options.http.timeoutMs * 3),
          log: options.log,
        });
      } catch (error) {
        options.log.error({ err: error }, 'Chatwoot mirror pass failed');
      }
      if (stopped) break;
      await wakeup.wait(options.pollMs > 0 ? options.pollMs : IDLE_WAIT_MS);
      wakeup.cancel();
    }
  })();
  return {
    async stop() {
      stopped = true;
      cancelWait?.();
      await loop;
    },
  };
}
