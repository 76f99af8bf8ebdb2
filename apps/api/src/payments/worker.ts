import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/schema';
import { type BackgroundWorker, startWorkerLoop } from '../outbox/worker-loop';
import type { JobWakeups } from '../wakeups/hub';
import { cardRailOrNull } from './card';
import { REFUNDS_WAKEUP } from './notify';
import { runRefundExecutor } from './refunds/executor';
import { refundEndedHeldPayments } from './refunds/held';

/** Options of {@link startPaymentWorker}. */
export interface PaymentWorkerOptions {
  readonly db: Kysely<Database>;
  readonly config: Config;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  readonly wakeups: JobWakeups;
  /** Polling interval for retries and held payments; 0 = only when a refund is recorded. */
  readonly intervalMs: number;
}

/** A running payment worker. */
export type PaymentWorker = BackgroundWorker;

/**
 * The payment work every instance runs (only with the card rail configured): the refund
 * executor, woken right after a transaction records a card refund (`notifyRefundDue`, delivered
 * at commit on every instance) and otherwise every `intervalMs` for retries, plus the refund of
 * held payments whose contract ended. Instances share the work through `SKIP LOCKED` claims.
 */
export function startPaymentWorker(options: PaymentWorkerOptions): PaymentWorker {
  const rail = cardRailOrNull(options.config);
  if (rail === null) return { stop: async () => {} };
  const { log } = options;
  const executor = {
    db: options.db,
    rail,
    now: options.now,
    log,
    thresholdMinor: BigInt(options.config.DC_REFUND_APPROVAL_THRESHOLD_MINOR),
    leaseMs: options.config.STRIPE_TIMEOUT_MS + 5_000,
  };
  return startWorkerLoop({
    wakeups: options.wakeups,
    wakeupKey: REFUNDS_WAKEUP,
    pollMs: options.intervalMs,
    log,
    failureMessage: 'payment worker pass failed',
    pass: async () => {
      await runRefundExecutor(executor);
      if ((await refundEndedHeldPayments(options.db, options.now())) > 0) {
        await runRefundExecutor(executor);
      }
    },
  });
}
