import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { issueDueInvoices } from '../invoices/worker';
import type { Mailer } from '../mail/mailer';
import { deliverDueMail } from '../receipts/worker';
import type { Seller } from './seller';

/** What the periodic billing work needs: the sweeper passes it on every tick. */
export interface BillingWork {
  readonly mailer: Mailer;
  /** See `OutboxRun.leaseMs`. */
  readonly outboxLeaseMs: number;
  /** Invoicing is off while null. */
  readonly seller: Seller | null;
}

/** Receipts are retried this many times (about 4 days with the backoff) before `failed`. */
const MAX_MAIL_ATTEMPTS = 12;

/**
 * One round of billing work, safe in every instance at once: sends due receipts from the
 * outbox and issues the invoices and credit notes that are due. A failure of one part is
 * logged and does not stop the other.
 */
export async function runBillingRound(
  db: Kysely<Database>,
  work: BillingWork,
  now: Date,
  log: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<void> {
  try {
    const report = await deliverDueMail(db, work.mailer, {
      now,
      leaseMs: work.outboxLeaseMs,
      batchSize: 50,
      maxAttempts: MAX_MAIL_ATTEMPTS,
      log,
    });
    if (report.sent + report.failed + report.undeliverable > 0) log.info(report, 'outbox run');
  } catch (error) {
    log.error({ err: error }, 'outbox run failed');
  }
  if (work.seller === null) return;
  try {
    const issued = await issueDueInvoices(db, work.seller, now, log);
    if (issued > 0) log.info({ issued }, 'invoices issued');
  } catch (error) {
    log.error({ err: error }, 'invoice run failed');
  }
}
