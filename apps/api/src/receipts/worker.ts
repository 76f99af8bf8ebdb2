import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import type { Mailer } from '../mail/mailer';
import { renderNotificationEmail } from '../notifications/email';
import { finishClaimed } from '../outbox/finish-claimed';
import { afterFailure } from '../outbox/retry-policy';
import { type LeasedOutbox, runOutboxPass } from '../outbox/run-pass';
import { renderReceipt } from './render';

/** Options of {@link deliverDueMail}. */
export interface OutboxRun {
  readonly now: Date;
  /**
   * How long a claim holds a row. A sender that dies mid-send leaves the row claimed; it becomes
   * due again when the lease ends. Must exceed the longest send (the SMTP timeouts).
   */
  readonly leaseMs: number;
  readonly batchSize: number;
  /** After this many failed attempts the row is `failed` and no longer retried. */
  readonly maxAttempts: number;
  readonly log: Pick<Logger, 'info' | 'warn'>;
}

/** What one run did, for logs and tests. */
export interface OutboxReport {
  readonly sent: number;
  readonly retried: number;
  readonly failed: number;
  readonly undeliverable: number;
}

interface OutboxRow {
  readonly id: string;
  readonly key: string;
  readonly account_id: string;
  /** `receipt`, or `notification` (notifications/email.ts). */
  readonly template: 'receipt' | 'notification';
  readonly payload: unknown;
  readonly attempts: number;
  readonly recipient: string | null;
}

/**
 * 30 s doubling, at most 6 h, without jitter: mail fails one message at a time (a refused
 * address, a full mailbox), not in bursts that would retry together.
 */
const MAIL_BACKOFF = { firstDelayMs: 30_000, maxDelayMs: 6 * 3_600_000, jitter: false } as const;

const COLUMNS = [
  'id',
  'key',
  'account_id',
  'template',
  'payload',
  'attempts',
  'recipient',
] as const;

/**
 * Sends the mail that is due, once: each row is claimed by one statement that moves its
 * `available_at` a lease ahead (`FOR UPDATE SKIP LOCKED`, so concurrent instances claim
 * different rows and no transaction stays open during the send), then sent, then marked `sent`
 * only after the transport accepted it. A failed send is retried with backoff, keeping the
 * attempt count and the last error.
 *
 * Exactly once, and its one window: a crash after the claim and before the transport accepted
 * the message loses nothing (the lease ends, the row is claimed again, one copy arrives). A
 * crash after the SMTP server answered 250 and before the `sent` mark commits makes the row due
 * again and sends a second copy: SMTP has no transaction spanning our database, so this window
 * (one UPDATE long) cannot be closed. The copy carries the same Message-ID (derived from the
 * outbox key), which receivers use to drop it; the .eml folder keeps one file per Message-ID.
 */
export async function deliverDueMail(
  db: Kysely<Database>,
  mailer: Mailer,
  run: OutboxRun,
): Promise<OutboxReport> {
  const report = { sent: 0, retried: 0, failed: 0, undeliverable: 0 };
  const outbox: LeasedOutbox<OutboxRow, keyof OutboxReport> = {
    table: 'mail_outbox',
    columns: COLUMNS,
    handle: (row) => deliverOne(db, mailer, row, run),
  };
  await runOutboxPass(
    db,
    outbox,
    { now: run.now, leaseMs: run.leaseMs, batchSize: run.batchSize },
    report,
  );
  return report;
}

async function deliverOne(
  db: Kysely<Database>,
  mailer: Mailer,
  row: OutboxRow,
  run: OutboxRun,
): Promise<keyof OutboxReport> {
  const recipient = row.recipient ?? (await fixRecipient(db, row, run.now));
  if (recipient === null) {
    await finish(db, row, run.now, {
      status: 'undeliverable',
      last_error: 'The account has no verified email address.',
    });
    return 'undeliverable';
  }
  let location: string;
  try {
    const message =
      row.template === 'notification'
        ? renderNotificationEmail(row, recipient)
        : renderReceipt(row, recipient);
    location = (await mailer.send(message)).location;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const next = afterFailure(
      { ...MAIL_BACKOFF, maxAttempts: run.maxAttempts },
      row.attempts,
      run.now,
    );
    const final = next.giveUp;
    await finish(db, row, run.now, {
      status: final ? 'failed' : 'pending',
      last_error: message.slice(0, 1000),
      available_at: next.retryAt,
    });
    run.log.warn({ key: row.key, attempt: row.attempts, err: message, final }, 'mail not sent');
    return final ? 'failed' : 'retried';
  }
  await finish(db, row, run.now, {
    status: 'sent',
    sent_at: run.now,
    delivery: location.slice(0, 1000),
    last_error: null,
  });
  return 'sent';
}

/**
 * The address a row goes to, fixed at its first claim so every retry (and the duplicate of the
 * documented window) goes to the same place: the account's verified email, else none.
 */
async function fixRecipient(
  db: Kysely<Database>,
  row: OutboxRow,
  now: Date,
): Promise<string | null> {
  const account = await db
    .selectFrom('accounts')
    .select(['email', 'email_verified_at'])
    .where('id', '=', row.account_id)
    .executeTakeFirst();
  if (!account?.email || account.email_verified_at === null) return null;
  const fixed = await db
    .updateTable('mail_outbox')
    .set({ recipient: sql`coalesce(recipient, ${account.email})`, updated_at: now })
    .where('id', '=', row.id)
    .returning('recipient')
    .executeTakeFirstOrThrow();
  return fixed.recipient;
}

/** Records the outcome while this claim is current (still `pending`, same attempt count). */
async function finish(
  db: Kysely<Database>,
  row: OutboxRow,
  now: Date,
  values: {
    readonly status: 'pending' | 'sent' | 'failed' | 'undeliverable';
    readonly last_error?: string | null;
    readonly available_at?: Date;
    readonly sent_at?: Date;
    readonly delivery?: string;
  },
): Promise<void> {
  await finishClaimed(db, 'mail_outbox', row, ['pending'], now, values);
}
