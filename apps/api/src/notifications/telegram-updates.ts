import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import type { TelegramSettings } from './telegram';
import { botIdOf, callBotApi, TelegramApiError } from './telegram-bot';
import { consumeLinkToken, type LinkResult } from './telegram-link';
import { pruneTelegramReplies, queueTelegramReply, sendTelegramReplies } from './telegram-replies';

// The bot's updates (`/start <link token>`) are taken with a leased getUpdates long-poll, not a
// webhook: it needs no public HTTPS address (the sandbox and private deployments have none), no
// setWebhook call at deployment, and no shared secret to configure. One instance polls at a time
// (the lease in `telegram_bot_state`; Telegram itself answers 409 to overlapping getUpdates), and
// the update offset lives in the same row: each update is processed in the transaction that
// moves the offset past it, only while it is not past it yet, so an update is processed once
// even when two instances hold it (a lease that ended mid-batch).

/** The parts of a Bot API `Update` the platform reads (https://core.telegram.org/bots/api#update). */
export interface TelegramUpdate {
  readonly update_id: number;
  readonly message?: {
    readonly message_id: number;
    readonly from?: { readonly id: number; readonly is_bot: boolean; readonly username?: string };
    readonly chat: { readonly id: number; readonly type: string };
    readonly text?: string;
  };
}

/** What {@link processTelegramUpdates} needs. */
export interface UpdateRun {
  readonly db: Kysely<Database>;
  readonly telegram: TelegramSettings;
  readonly now: () => Date;
  readonly log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

/** What a batch of updates did. */
export interface UpdatesReport {
  /** Updates this call processed (moved the offset past). */
  readonly processed: number;
  /** Updates another worker had processed already. */
  readonly skipped: number;
  readonly linked: number;
  /** Accounts unlinked by `/stop`. */
  readonly unlinked: number;
  /** Answers this call sent (its own or earlier ones that were due; see telegram-replies.ts). */
  readonly replies: number;
  /**
   * Answers may still be due: this call's sending stopped at its limit, or at an answer
   * Telegram did not take for now (the answers behind it were not tried).
   */
  readonly moreReplies: boolean;
}

const HELP =
  'This bot sends Decent Cloud notifications. To link this chat to your account, open Account, ' +
  'Notification settings in the Decent Cloud dashboard, choose "Link Telegram" and open the ' +
  'link it shows. Send /stop here to stop notifications to this chat.';

const GROUP_LINK =
  'Links work in a private chat with the bot only. Nothing was linked: open the link from your own Telegram account.';

/** The answer to a `/start <token>`. */
function linkReply(result: LinkResult): string {
  switch (result.kind) {
    case 'linked':
      return (
        `Linked to @${result.username} on Decent Cloud. Notifications of this account now come ` +
        'to this chat; send /stop here, or unlink it in the dashboard, to end them.'
      );
    case 'expired':
      return 'This link expired (links work for 15 minutes). Nothing was linked: create a new link in the dashboard and open it again.';
    case 'used':
      return 'This link was used already (a link works once). Nothing was linked: create a new link in the dashboard if you want to link this chat.';
    case 'unknown':
      return 'This link is not valid (a newer link may have replaced it). Nothing was linked: create a new link in the dashboard and open it again.';
  }
}

/** The answer to a `/stop`, given the usernames whose chat this was. */
function stopReply(usernames: readonly string[]): string {
  if (usernames.length === 0) {
    return 'This chat is not linked to a Decent Cloud account, so no notifications come here. Nothing changed.';
  }
  // Any number of accounts may have linked one chat: name a few, count the rest (a Telegram
  // message holds 4096 characters).
  const named = usernames.slice(0, STOP_NAMES).map((name) => `@${name}`);
  const more = usernames.length - named.length;
  const who = more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
  return (
    `Unlinked from ${who}. No more Decent Cloud notifications come to this chat; the other ` +
    'channels are unchanged. To link it again, choose "Link Telegram" in the dashboard.'
  );
}

/** How often the lease holder removes answers older than 30 days. */
const PRUNE_EVERY_MS = 3_600_000;

/** Accounts a `/stop` answer names; the others are counted. */
const STOP_NAMES = 20;

/** `/stop` or `/stop@bot`, alone. */
const STOP = /^\/stop(?:@[A-Za-z0-9_]+)?\s*$/;

/** `/start <token>` or `/start@bot <token>`: the token, '' for a bare /start, else undefined. */
function startParameter(text: string | undefined): string | undefined {
  const match = /^\/start(?:@[A-Za-z0-9_]+)?(?:\s+(\S+))?\s*$/.exec(text ?? '');
  return match === null ? undefined : (match[1] ?? '');
}

/**
 * Processes `updates` in order, each in its own transaction that first moves the bot's offset
 * past it (only when not past it yet: another worker may have processed it) and then acts:
 * - `/start <token>` in a private chat: the token is consumed and the account's chat set to this
 *   chat in that same transaction (linked once, whatever the number of workers);
 * - `/start <token>` elsewhere: refused (a group is not one person's chat), nothing consumed;
 * - `/stop` in a private chat: every account linked to this chat is unlinked, in that
 *   transaction (what the dashboard's Unlink does, from the chat's side);
 * - any other text in a private chat: a short help answer; messages of bots, other chats and
 *   other update kinds: ignored.
 * Each answer is written to the reply outbox in the update's transaction and sent after the
 * batch: a crash after the commit delays it to the next poller, and one whose call may have
 * reached Telegram is not sent again. No update is ever processed again.
 */
export async function processTelegramUpdates(
  run: UpdateRun,
  updates: readonly TelegramUpdate[],
): Promise<UpdatesReport> {
  const botId = botIdOf(run.telegram.botToken);
  await ensureBotState(run.db, botId);
  let processed = 0;
  let skipped = 0;
  let linked = 0;
  let unlinked = 0;
  for (const update of [...updates].sort((a, b) => a.update_id - b.update_id)) {
    const acted = await run.db.transaction().execute(async (trx) => {
      const outcome = await actOn(trx, run, botId, update);
      if (outcome?.reply !== undefined) {
        await queueTelegramReply(
          trx,
          { botId, updateId: update.update_id, ...outcome.reply },
          run.now(),
        );
      }
      return outcome;
    });
    if (acted === undefined) {
      skipped += 1;
      continue;
    }
    processed += 1;
    linked += acted.linked;
    unlinked += acted.unlinked;
  }
  const { sent, more, retried } = await sendTelegramReplies(run, botId);
  return { processed, skipped, linked, unlinked, replies: sent, moreReplies: more || retried > 0 };
}

/** What processing one update did (in its transaction). */
interface Acted {
  readonly reply?: { readonly chatId: number; readonly text: string };
  readonly linked: number;
  readonly unlinked: number;
}

/**
 * Moves the offset past `update` and acts on it, in `trx`; undefined when the offset was past
 * it already (another worker processed it).
 */
async function actOn(
  trx: Transaction<Database>,
  run: UpdateRun,
  botId: bigint,
  update: TelegramUpdate,
): Promise<Acted | undefined> {
  const moved = await trx
    .updateTable('telegram_bot_state')
    .set({ update_offset: update.update_id + 1 })
    .where('bot_id', '=', botId)
    .where('update_offset', '<=', BigInt(update.update_id))
    .executeTakeFirst();
  if (moved.numUpdatedRows === 0n) return undefined;
  const nothing: Acted = { linked: 0, unlinked: 0 };
  const message = update.message;
  if (message === undefined || message.from?.is_bot === true) return nothing;
  const chatId = message.chat.id;
  const token = startParameter(message.text);
  if (message.chat.type !== 'private') {
    if (token === undefined || token === '') return nothing;
    return { ...nothing, reply: { chatId, text: GROUP_LINK } };
  }
  if (STOP.test(message.text ?? '')) {
    const gone = await trx
      .deleteFrom('notification_telegram as t')
      .using('accounts as a')
      .whereRef('a.id', '=', 't.account_id')
      .where('t.chat_id', '=', String(chatId))
      .returning('a.username')
      .execute();
    run.log.info({ update_id: update.update_id, unlinked: gone.length }, 'telegram /stop');
    const text = stopReply(gone.map((row) => row.username));
    return { linked: 0, unlinked: gone.length, reply: { chatId, text } };
  }
  if (token === undefined || token === '') return { ...nothing, reply: { chatId, text: HELP } };
  const result = await consumeLinkToken(trx, token, String(chatId), run.now());
  run.log.info(
    { update_id: update.update_id, outcome: result.kind },
    'telegram link token presented',
  );
  return {
    linked: result.kind === 'linked' ? 1 : 0,
    unlinked: 0,
    reply: { chatId, text: linkReply(result) },
  };
}

/** The bot's state row, offset 0 and no lease, unless it exists. */
async function ensureBotState(db: Kysely<Database>, botId: bigint): Promise<void> {
  await db
    .insertInto('telegram_bot_state')
    .values({ bot_id: botId })
    .onConflict((oc) => oc.column('bot_id').doNothing())
    .execute();
}

/** Options of {@link startTelegramPoller}. */
export interface TelegramPollerOptions extends UpdateRun {
  /** getUpdates long-poll timeout, seconds. */
  readonly pollTimeoutS: number;
  /** Identifies this poller in the lease (a fresh one per start when omitted). */
  readonly owner?: string;
  /** Delay before the first retry after a failed call, ms (doubling to a minute). */
  readonly retryBaseMs?: number;
}

/** A running poller. */
export interface TelegramPoller {
  /** Aborts the long-poll in progress, finishes the update being processed, frees the lease. */
  stop(): Promise<void>;
}

/**
 * Takes the bot's updates in every instance that runs it, one at a time: the instance holding
 * the lease (`telegram_bot_state.lease_owner`, renewed before each getUpdates, on the
 * database's clock) long-polls from the stored offset; the others look again every poll
 * timeout. Before each long-poll the holder sends the answers that are due (a dead poller's
 * committed ones, retries), unless the batch it just processed left none, and about once an
 * hour removes answers older than 30 days. A stopped poller frees its lease at once; a dead
 * one's lease ends after the poll timeout plus a call timeout and 30 s. Failed calls wait
 * `retryBaseMs` doubling up to 1 min.
 */
export function startTelegramPoller(options: TelegramPollerOptions): TelegramPoller {
  const owner = options.owner ?? randomUUID();
  const botId = botIdOf(options.telegram.botToken);
  const leaseSeconds = options.pollTimeoutS + Math.ceil(options.telegram.timeoutMs / 1000) + 30;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const stopping = new AbortController();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener(
        'abort',
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  /** Takes or renews the lease; the offset to ask for when this poller holds it. */
  let ensured = false;
  const claim = async (): Promise<bigint | undefined> => {
    if (!ensured) await ensureBotState(options.db, botId);
    ensured = true;
    const row = await options.db
      .updateTable('telegram_bot_state')
      .set({
        lease_owner: owner,
        lease_until: sql<Date>`now() + make_interval(secs => ${leaseSeconds})`,
      })
      .where('bot_id', '=', botId)
      .where((eb) =>
        eb.or([
          eb('lease_owner', '=', owner),
          eb('lease_until', 'is', null),
          eb('lease_until', '<', sql<Date>`now()`),
        ]),
      )
      .returning('update_offset')
      .executeTakeFirst();
    return row?.update_offset;
  };

  /** Removing old answers is housekeeping: a failure is logged and never stops the polling. */
  const prune = async (now: Date) => {
    try {
      const removed = await pruneTelegramReplies(options.db, botId, now);
      if (removed > 0) options.log.info({ removed }, 'old telegram answers removed');
    } catch (error) {
      options.log.warn({ err: error }, 'old telegram answers not removed (tried again in an hour)');
    }
  };

  const loop = (async () => {
    let failures = 0;
    // The batch just processed went through every due answer: no need to look before polling.
    let drained = false;
    let prunedAt: number | undefined;
    while (!stopping.signal.aborted) {
      try {
        const offset = await claim();
        if (offset === undefined) {
          // Another poller holds the lease: when this one takes it back, it first sends what
          // that one committed.
          drained = false;
          await sleep(options.pollTimeoutS * 1000);
          continue;
        }
        const now = options.now();
        if (prunedAt === undefined || now.getTime() - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = now.getTime();
          await prune(now);
        }
        // Answers a dead poller committed but never sent, and retries that came due.
        let more = false;
        if (!drained) {
          const leftover = await sendTelegramReplies(options, botId);
          if (leftover.sent + leftover.retried + leftover.failed > 0) {
            options.log.info(leftover, 'telegram answers sent from the outbox');
          }
          more = leftover.more;
        }
        drained = false;
        // More answers due: a short look for updates, then back to them under a renewed lease.
        const timeout = more ? 0 : options.pollTimeoutS;
        const updates = await callBotApi<TelegramUpdate[]>(
          options.telegram,
          'getUpdates',
          {
            offset: Number(offset),
            limit: 100,
            timeout,
            allowed_updates: ['message'],
          },
          {
            timeoutMs: timeout * 1000 + options.telegram.timeoutMs,
            signal: stopping.signal,
          },
        );
        if (updates.length > 0) {
          const report = await processTelegramUpdates(options, updates);
          options.log.info(report, 'telegram updates processed');
          drained = !report.moreReplies;
        }
        failures = 0;
      } catch (error) {
        if (stopping.signal.aborted) break;
        failures += 1;
        const wait = Math.min(retryBaseMs * 2 ** Math.min(failures - 1, 16), 60_000);
        const message = error instanceof TelegramApiError ? error.message : undefined;
        options.log.warn(
          { err: message === undefined ? error : undefined, error: message, retry_in_ms: wait },
          'telegram getUpdates failed',
        );
        await sleep(wait);
      }
    }
  })();

  return {
    async stop() {
      stopping.abort();
      await loop;
      try {
        await options.db
          .updateTable('telegram_bot_state')
          .set({ lease_owner: null, lease_until: null })
          .where('bot_id', '=', botId)
          .where('lease_owner', '=', owner)
          .execute();
      } catch (error) {
        options.log.warn({ err: error }, 'telegram lease not freed (it ends by itself)');
      }
    },
  };
}
