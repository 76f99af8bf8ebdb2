import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { finishClaimed } from '../outbox/finish-claimed';
import { afterFailure } from '../outbox/retry-policy';
import { type LeasedOutbox, runOutboxPass } from '../outbox/run-pass';
import { queueNotificationEmail } from './email';
import type { SendOutcome } from './outcome';
import { recordOutcomeUnknownNotice } from './outcome-notice';
import { meterSend } from './quota';
import { sendTelegramMessage } from './telegram';
import { postWebhook, type WebhookPayload } from './webhook';

/** Options of {@link deliverDueNotifications}. */
export interface NotificationRun {
  /** The clock (injected: tests move it). */
  readonly now: () => Date;
  /**
   * How long a claim holds a delivery. Must exceed `timeoutMs`: a claim outliving its call is
   * never taken over by another worker while the call may still land.
   */
  readonly leaseMs: number;
  readonly batchSize: number;
  /** After this many attempts a delivery that keeps failing is `failed`. */
  readonly maxAttempts: number;
  /** Timeout of one Telegram or webhook call. */
  readonly timeoutMs: number;
  /** The Telegram Bot API; without a bot token Telegram deliveries fail at once. */
  readonly telegram: { readonly apiUrl: string; readonly botToken: string | undefined };
  /** Deliver webhooks to loopback and private addresses too (development and tests only). */
  readonly allowPrivateWebhooks: boolean;
  readonly log: Pick<Logger, 'info' | 'warn'>;
  /** Jitter source in [0, 1); Math.random by default. */
  readonly random?: () => number;
}

/** What one run did, for logs and tests. */
export interface NotificationReport {
  /** Accepted by Telegram or the webhook, or handed to the mail outbox. */
  sent: number;
  retried: number;
  failed: number;
  /** Over the daily quota (metered, with the in-app notice). */
  dropped: number;
  /** Telegram sends found interrupted mid-call by a dead worker and not repeated. */
  abandoned: number;
}

interface ClaimedDelivery {
  readonly id: string;
  readonly notification_id: string;
  readonly account_id: string;
  readonly channel: 'email' | 'telegram' | 'webhook';
  readonly attempts: number;
  readonly metered_at: Date | null;
}

/**
 * 30 s doubling, at most 1 h, with jitter: a receiver's outage fails many deliveries at once,
 * and they should not all retry in the same second.
 */
const NOTIFICATION_BACKOFF = { firstDelayMs: 30_000, maxDelayMs: 3_600_000, jitter: true } as const;

const COLUMNS = [
  'id',
  'notification_id',
  'account_id',
  'channel',
  'attempts',
  'metered_at',
] as const;

/**
 * Sends the notification deliveries that are due, each once:
 *
 * 1. **Claim**: one statement moves each due `pending` row's `available_at` a lease ahead and
 *    counts the attempt (`FOR UPDATE SKIP LOCKED`: instances claim different rows; no
 *    transaction stays open during a call). A worker that dies after claiming leaves the row
 *    to become due again when the lease ends: nothing is lost.
 * 2. **Prepare**, in one transaction on the still-claimed row: the target (verified email,
 *    Telegram chat, webhook endpoint; none: `failed`), then the quota: the first attempt meters
 *    the send in the metering ledger, and a send over the day's quota is `dropped` with the
 *    in-app notice. Email is finished here: the message goes to the mail outbox in this same
 *    transaction (no window), and the mail worker sends it. Telegram is marked `sending`.
 * 3. **Call** the receiver, outside any transaction, then record the outcome on the row if the
 *    claim is still current.
 *
 * Crash windows, per channel:
 * - webhook: a worker dying during or after the call (before the outcome is recorded) leaves
 *   the row pending; it is POSTed again after the lease with the same `DC-Notification-Id`,
 *   which receivers dedupe on: at least once on the wire, once for a deduping receiver.
 * - Telegram has no idempotency key, so it is at most once after the call starts: a row found
 *   `sending` after its lease ended (its worker died between marking it and recording the
 *   answer) is not called again but marked `failed` ("outcome unknown"). If the worker died
 *   after Telegram accepted the message, the chat has it once; if it died after the `sending`
 *   commit but before the request reached Telegram, the chat never gets it. A call that times
 *   out or loses its connection is likewise not repeated. Either way nothing is lost: in the
 *   transaction that gives the delivery up, the account's inbox gets one notice per delivery
 *   saying the Telegram message may not have arrived, with the event, title and body it was
 *   about (outcome-notice.ts).
 * - email: none in the hand-off; the mail outbox's own window applies (an SMTP 250 not yet
 *   recorded: the copy carries the same Message-ID).
 */
export async function deliverDueNotifications(
  db: Kysely<Database>,
  run: NotificationRun,
): Promise<NotificationReport> {
  const report: NotificationReport = { sent: 0, retried: 0, failed: 0, dropped: 0, abandoned: 0 };
  report.abandoned = await abandonInterruptedTelegram(db, run.now());
  const outbox: LeasedOutbox<ClaimedDelivery, keyof NotificationReport> = {
    table: 'notification_deliveries',
    columns: COLUMNS,
    handle: (row) => deliverOne(db, row, run),
  };
  const terms = { now: run.now(), leaseMs: run.leaseMs, batchSize: run.batchSize };
  await runOutboxPass(db, outbox, terms, report);
  return report;
}

/**
 * Telegram sends whose worker died mid-call: given up, never repeated (at most once), each with
 * its inbox notice in the same transaction (a row is given up once: only a `sending` row is).
 */
async function abandonInterruptedTelegram(db: Kysely<Database>, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('notification_deliveries')
      .set({
        status: 'failed',
        last_error:
          'Outcome unknown: the worker stopped during the Telegram call. Not sent again, because ' +
          'Telegram cannot recognise a repeated message (at most once); the chat may or may not ' +
          'have it. The inbox has a notice.',
        updated_at: now,
      })
      .where('status', '=', 'sending')
      .where('available_at', '<=', now)
      .returning(['id', 'notification_id'])
      .execute();
    for (const row of rows) {
      await recordOutcomeUnknownNotice(trx, {
        deliveryId: row.id,
        notificationId: row.notification_id,
        now,
      });
    }
    return rows.length;
  });
}

/** What the prepare step decided: done already, or a call to make. */
type Prepared =
  | { readonly done: keyof NotificationReport | null }
  | { readonly call: () => Promise<SendOutcome> };

async function deliverOne(
  db: Kysely<Database>,
  row: ClaimedDelivery,
  run: NotificationRun,
): Promise<keyof NotificationReport | null> {
  const prepared = await db.transaction().execute((trx) => prepare(trx, row, run));
  if ('done' in prepared) return prepared.done;
  const outcome = await prepared.call();
  return record(db, row, outcome, run);
}

async function prepare(
  trx: Kysely<Database>,
  row: ClaimedDelivery,
  run: NotificationRun,
): Promise<Prepared> {
  const now = run.now();
  // Still ours: not finished by another worker that took over after our lease ended.
  const current = await trx
    .selectFrom('notification_deliveries')
    .select('id')
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', row.attempts)
    .forUpdate()
    .executeTakeFirst();
  if (current === undefined) return { done: null };
  const notification = await trx
    .selectFrom('notifications')
    .select(['id', 'event', 'title', 'body', 'data', 'contract_id', 'created_at'])
    .where('id', '=', row.notification_id)
    .executeTakeFirstOrThrow();
  const fail = async (reason: string): Promise<Prepared> => {
    await finish(trx, row, now, { status: 'failed', last_error: reason });
    run.log.warn({ deliveryId: row.id, channel: row.channel, reason }, 'notification not sent');
    return { done: 'failed' };
  };
  const target = await resolveTarget(trx, row, run);
  if ('problem' in target) return fail(target.problem);
  if (row.metered_at === null) {
    const metered = await meterSend(trx, {
      deliveryId: row.id,
      accountId: row.account_id,
      channel: row.channel,
      now,
    });
    if (metered === 'dropped') {
      await finish(trx, row, now, {
        status: 'dropped',
        last_error: 'Over the daily quota of this channel; the inbox has a notice.',
      });
      return { done: 'dropped' };
    }
  }
  const patch = { metered_at: row.metered_at ?? now, target: target.target, updated_at: now };
  switch (row.channel) {
    case 'email': {
      const key = await queueNotificationEmail(trx, {
        accountId: row.account_id,
        payload: {
          notification_id: notification.id,
          event: notification.event,
          title: notification.title,
          body: notification.body,
          contract_id: notification.contract_id,
          created_at: notification.created_at.toISOString(),
        },
        now,
      });
      await finish(trx, row, now, { ...patch, target: key, status: 'sent', sent_at: now });
      return { done: 'sent' };
    }
    case 'telegram': {
      // Recorded before the call: a worker dying from here on is never repeated (at most once).
      await finish(trx, row, now, {
        ...patch,
        status: 'sending',
        available_at: new Date(now.getTime() + run.leaseMs),
      });
      const settings = {
        apiUrl: run.telegram.apiUrl,
        botToken: run.telegram.botToken ?? '',
        timeoutMs: run.timeoutMs,
      };
      const text = `${notification.title}\n\n${notification.body}`.slice(0, 4096);
      return { call: () => sendTelegramMessage(settings, target.target, text) };
    }
    case 'webhook': {
      await finish(trx, row, now, patch);
      const payload: WebhookPayload = {
        id: notification.id,
        event: notification.event,
        created_at: notification.created_at.toISOString(),
        contract_id: notification.contract_id,
        title: notification.title,
        body: notification.body,
        data: notification.data,
      };
      const endpoint = { url: target.target, secret: target.secret ?? '' };
      return {
        call: () =>
          postWebhook(endpoint, payload, {
            now: run.now(),
            timeoutMs: run.timeoutMs,
            allowPrivate: run.allowPrivateWebhooks,
          }),
      };
    }
  }
}

/** Where a delivery goes now, or why it cannot go. */
async function resolveTarget(
  trx: Kysely<Database>,
  row: ClaimedDelivery,
  run: NotificationRun,
): Promise<{ target: string; secret?: string } | { problem: string }> {
  switch (row.channel) {
    case 'email': {
      const account = await trx
        .selectFrom('accounts')
        .select(['email', 'email_verified_at'])
        .where('id', '=', row.account_id)
        .executeTakeFirstOrThrow();
      if (!account.email || account.email_verified_at === null) {
        return { problem: 'The account has no verified email address.' };
      }
      return { target: account.email };
    }
    case 'telegram': {
      if (!run.telegram.botToken) {
        return { problem: 'Telegram is not configured on this platform (DC_TELEGRAM_BOT_TOKEN).' };
      }
      const chat = await trx
        .selectFrom('notification_telegram')
        .select('chat_id')
        .where('account_id', '=', row.account_id)
        .executeTakeFirst();
      if (chat === undefined) return { problem: 'The account removed its Telegram chat.' };
      return { target: chat.chat_id };
    }
    case 'webhook': {
      const endpoint = await trx
        .selectFrom('notification_webhooks')
        .select(['url', 'secret'])
        .where('account_id', '=', row.account_id)
        .executeTakeFirst();
      if (endpoint === undefined) return { problem: 'The account deleted its webhook endpoint.' };
      return { target: endpoint.url, secret: endpoint.secret };
    }
  }
}

/** Step 3: the call's outcome on the row, if this attempt still holds it. */
async function record(
  db: Kysely<Database>,
  row: ClaimedDelivery,
  outcome: SendOutcome,
  run: NotificationRun,
): Promise<keyof NotificationReport> {
  const now = run.now();
  if (outcome.kind === 'sent') {
    await finish(db, row, now, { status: 'sent', sent_at: now, last_error: null });
    return 'sent';
  }
  const next = afterFailure(
    { ...NOTIFICATION_BACKOFF, maxAttempts: run.maxAttempts },
    row.attempts,
    now,
    // A 429's Retry-After, when longer than the backoff.
    { random: run.random, atLeastMs: outcome.kind === 'retry' ? outcome.retryAfterMs : undefined },
  );
  const giveUp =
    outcome.kind === 'refused' ||
    (outcome.kind === 'unknown' && row.channel === 'telegram') ||
    next.giveUp;
  if (giveUp) {
    if (outcome.kind === 'unknown' && row.channel === 'telegram') {
      // Not repeated, so the inbox says it may not have arrived, with the row given up.
      const reason = `Outcome unknown, not sent again (at most once): ${outcome.message}`;
      await db.transaction().execute(async (trx) => {
        const marked = await finish(trx, row, now, {
          status: 'failed',
          last_error: `${reason.slice(0, 960)} The inbox has a notice.`,
        });
        if (marked) {
          await recordOutcomeUnknownNotice(trx, {
            deliveryId: row.id,
            notificationId: row.notification_id,
            now,
          });
        }
      });
      run.log.warn(
        { deliveryId: row.id, channel: row.channel, err: reason },
        'notification failed',
      );
      return 'failed';
    }
    const reason = outcome.message;
    await finish(db, row, now, { status: 'failed', last_error: reason.slice(0, 1000) });
    run.log.warn({ deliveryId: row.id, channel: row.channel, err: reason }, 'notification failed');
    return 'failed';
  }
  await finish(db, row, now, {
    status: 'pending',
    last_error: outcome.message.slice(0, 1000),
    available_at: next.retryAt,
  });
  return 'retried';
}

/**
 * Updates the delivery while this attempt's claim is current (pending or sending, same count);
 * whether it did.
 */
async function finish(
  db: Kysely<Database>,
  row: ClaimedDelivery,
  now: Date,
  values: {
    readonly status?: 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';
    readonly last_error?: string | null;
    readonly available_at?: Date;
    readonly sent_at?: Date;
    readonly target?: string;
    readonly metered_at?: Date;
  },
): Promise<boolean> {
  // `sending`: a Telegram call is under way and its outcome is still this claim's to record.
  return finishClaimed(db, 'notification_deliveries', row, ['pending', 'sending'], now, values);
}
