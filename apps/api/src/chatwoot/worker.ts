import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { type BackgroundWorker, startWorkerLoop } from '../outbox/worker-loop';
import type { JobWakeups } from '../wakeups/hub';
import type { ChatwootHttp } from './api';
import { runChatwootMirror } from './mirror';
import { CHATWOOT_WAKEUP } from './wakeup';

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
export type ChatwootWorker = BackgroundWorker;

/**
 * Mirrors queued thread messages into providers' Chatwoot inboxes: woken when a message is
 * queued (at the commit of its transaction, on every instance) and every `pollMs` for retries.
 * Instances share the work through per-thread leases, so each message is sent by one of them.
 */
export function startChatwootWorker(options: ChatwootWorkerOptions): ChatwootWorker {
  return startWorkerLoop({
    wakeups: options.wakeups,
    wakeupKey: CHATWOOT_WAKEUP,
    pollMs: options.pollMs,
    log: options.log,
    failureMessage: 'Chatwoot mirror pass failed',
    pass: async () => {
      await runChatwootMirror({
        db: options.db,
        now: options.now,
        http: options.http,
        retryBaseMs: options.retryBaseMs,
        // A thread's calls each get the timeout; a few of them fit in the lease.
        leaseMs: Math.max(30_000, options.http.timeoutMs * 3),
        log: options.log,
      });
    },
  });
}
