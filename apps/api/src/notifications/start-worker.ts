import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { type BackgroundWorker, startWorkerLoop } from '../outbox/worker-loop';
import type { JobWakeups } from '../wakeups/hub';
import { NOTIFICATIONS_WAKEUP } from './wakeup';
import { deliverDueNotifications, type NotificationRun } from './worker';

const BATCH_SIZE = 50;

/** Options of {@link startNotificationWorker}. */
export interface NotificationWorkerOptions {
  readonly db: Kysely<Database>;
  readonly config: Config;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly wakeups: JobWakeups;
}

/** A running notification worker. */
export type NotificationWorker = BackgroundWorker;

/** The run settings from the configuration (the lease always outlasts a call by 5 s). */
export function notificationRun(
  config: Config,
  now: () => Date,
  log: Pick<Logger, 'info' | 'warn'>,
): NotificationRun {
  return {
    now,
    leaseMs: Math.max(config.DC_NOTIFY_LEASE_SECONDS * 1000, config.DC_NOTIFY_TIMEOUT_MS + 5_000),
    batchSize: BATCH_SIZE,
    maxAttempts: config.DC_NOTIFY_MAX_ATTEMPTS,
    timeoutMs: config.DC_NOTIFY_TIMEOUT_MS,
    telegram: { apiUrl: config.DC_TELEGRAM_API_URL, botToken: config.DC_TELEGRAM_BOT_TOKEN },
    allowPrivateWebhooks: config.DC_NOTIFY_WEBHOOK_ALLOW_HTTP_LOOPBACK,
    log,
  };
}

/**
 * The notification delivery work every instance runs: woken right after a transaction enqueues
 * a notification (`notifyDeliveriesDue`, delivered at commit on every instance) and otherwise
 * every `DC_NOTIFY_INTERVAL_MS` for retries and ended leases. Instances share the work through
 * `SKIP LOCKED` claims. A failed pass is logged and the next one tries again.
 */
export function startNotificationWorker(options: NotificationWorkerOptions): NotificationWorker {
  const { log, config } = options;
  const run = notificationRun(config, options.now, log);
  return startWorkerLoop({
    wakeups: options.wakeups,
    wakeupKey: NOTIFICATIONS_WAKEUP,
    pollMs: config.DC_NOTIFY_INTERVAL_MS,
    log,
    failureMessage: 'notification worker pass failed',
    pass: async (stopping) => {
      // Batch after batch while batches come back full: a burst is not left to the next wake-up.
      for (;;) {
        const report = await deliverDueNotifications(options.db, run);
        const handled = report.sent + report.retried + report.failed + report.dropped;
        if (handled + report.abandoned > 0) log.info(report, 'notifications delivered');
        if (handled < BATCH_SIZE || stopping()) return;
      }
    },
  });
}
