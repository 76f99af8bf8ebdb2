import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import { afterFailure, type RetryPolicy } from '../outbox/retry-policy';
import { sendTelegramMessage, type TelegramSettings } from './telegram';

// The bot's answers in its chats go through this outbox (`telegram_replies`, 0017) rather than
// straight from the poller's memory: the answer is written in the transaction that processes
// the update, so a process killed after that commit, or a Bot API unreachable for a moment,
// delays the answer instead of losing it. Telegram has no idempotency key, so a row is marked
// `sending` before its call and only a certain non-delivery (refused connection, 429, 5xx) puts
// it back to `pending`; a call whose outcome is unknown is never repeated.

/** Retries of an answer that certainly did not reach Telegram: a person is waiting for it. */
const REPLY_RETRY: RetryPolicy = {
  firstDelayMs: 2_000,
  maxDelayMs: 300_000,
  jitter: true,
  maxAttempts: 10,
};

/** Telegram's limit for one message, in characters. */
const MAX_TEXT = 4096;

/**
 * Answers one call sends at most: a poller sends them between its long-polls, and a long run
 * of calls could outlast its lease (the next call continues, without waiting).
 */
const PER_CALL = 20;

/** Answers no longer waiting to be sent are kept this long after they were written. */
const KEEP_MS = 30 * 24 * 3_600_000;

/** One answer to write with the update it answers. */
export interface TelegramReply {
  readonly botId: bigint;
  readonly updateId: number;
  readonly chatId: number;
  readonly text: string;
}

/**
 * Writes `reply` in `trx`, the transaction that processes its update; due at once. The text is
 * cut to Telegram's 4096 characters, so an answer can never make the update's transaction fail.
 */
export async function queueTelegramReply(
  trx: Kysely<Database>,
  reply: TelegramReply,
  now: Date,
): Promise<void> {
  await trx
    .insertInto('telegram_replies')
    .values({
      bot_id: reply.botId,
      update_id: reply.updateId,
      chat_id: String(reply.chatId),
      text: reply.text.length > MAX_TEXT ? `${reply.text.slice(0, MAX_TEXT - 1)}…` : reply.text,
      available_at: now,
      created_at: now,
    })
    .execute();
}

/** What {@link sendTelegramReplies} needs. */
export interface ReplyRun {
  readonly db: Kysely<Database>;
  readonly telegram: TelegramSettings;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Backoff jitter, for tests. */
  readonly random?: () => number;
}

/** What one {@link sendTelegramReplies} call did. */
export interface RepliesReport {
  readonly sent: number;
  /** Certainly not delivered; due again after a backoff. */
  readonly retried: number;
  /** Refused by Telegram, out of attempts, or with an unknown outcome (never repeated). */
  readonly failed: number;
  /** Stopped at the per-call limit with answers still due: call again without waiting. */
  readonly more: boolean;
}

/**
 * Sends up to 20 of `botId`'s due answers in update order, each claimed (`pending` →
 * `sending`, one attempt counted) in a short transaction with `FOR UPDATE SKIP LOCKED`, so
 * concurrent callers send each answer once and no transaction is open during a call. Stops at
 * the first answer Telegram did not take for now (429, 5xx, no connection): the others would
 * only use up attempts.
 */
export async function sendTelegramReplies(run: ReplyRun, botId: bigint): Promise<RepliesReport> {
  let sent = 0;
  let retried = 0;
  let failed = 0;
  let more = false;
  for (let claims = 0; ; claims += 1) {
    if (claims === PER_CALL) {
      more = true;
      break;
    }
    const now = run.now();
    const claimed = await run.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('telegram_replies')
        .select(['update_id', 'chat_id', 'text', 'attempts'])
        .where('bot_id', '=', botId)
        .where('status', '=', 'pending')
        .where('available_at', '<=', now)
        .orderBy('update_id')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (row === undefined) return undefined;
      await trx
        .updateTable('telegram_replies')
        .set({ status: 'sending', attempts: sql<number>`attempts + 1` })
        .where('bot_id', '=', botId)
        .where('update_id', '=', row.update_id)
        .execute();
      return { ...row, attempts: row.attempts + 1 };
    });
    if (claimed === undefined) break;
    const outcome = await sendTelegramMessage(run.telegram, claimed.chat_id, claimed.text);
    const done = run.now();
    const finish = (
      set: Partial<{ status: 'pending' | 'sent' | 'failed'; available_at: Date }> & {
        last_error: string | null;
      },
    ) =>
      run.db
        .updateTable('telegram_replies')
        .set({ ...set, ...(set.status === 'sent' ? { sent_at: done } : {}) })
        .where('bot_id', '=', botId)
        .where('update_id', '=', claimed.update_id)
        .where('status', '=', 'sending')
        .execute();
    const where = { update_id: String(claimed.update_id), attempts: claimed.attempts };
    if (outcome.kind === 'sent') {
      await finish({ status: 'sent', last_error: null });
      sent += 1;
      continue;
    }
    const next = afterFailure(REPLY_RETRY, claimed.attempts, done, {
      random: run.random,
      atLeastMs: outcome.kind === 'retry' ? outcome.retryAfterMs : undefined,
    });
    if (outcome.kind === 'retry' && !next.giveUp) {
      await finish({ status: 'pending', available_at: next.retryAt, last_error: outcome.message });
      run.log.warn({ ...where, error: outcome.message }, 'telegram answer not sent; retrying');
      retried += 1;
      break;
    }
    const reason =
      outcome.kind === 'unknown'
        ? `Outcome unknown, not sent again (at most once): ${outcome.message}`
        : outcome.message;
    await finish({ status: 'failed', last_error: reason.slice(0, 1000) });
    run.log.warn({ ...where, error: reason }, 'telegram answer given up');
    failed += 1;
  }
  return { sent, retried, failed, more };
}

/**
 * Removes `botId`'s answers written more than 30 days before `now` that are no longer waiting
 * to be sent (sent, failed, or with an unknown outcome); the count removed. A poller calls it
 * about once an hour, not before every long-poll: the rows only matter for a month.
 */
export async function pruneTelegramReplies(
  db: Kysely<Database>,
  botId: bigint,
  now: Date,
): Promise<number> {
  const result = await db
    .deleteFrom('telegram_replies')
    .where('bot_id', '=', botId)
    .where('created_at', '<', new Date(now.getTime() - KEEP_MS))
    .where('status', '<>', 'pending')
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
