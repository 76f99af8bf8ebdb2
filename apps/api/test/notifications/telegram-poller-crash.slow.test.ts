// The bot's update poller across a killed server PROCESS (SIGKILL), on PostgreSQL. The poller
// moves the stored getUpdates offset in the same transaction as the link a `/start <token>`
// makes, so:
// 1. killed after that commit, while Telegram holds the bot's answer: the next process neither
//    links again nor answers again (the update is behind the stored offset, the answer is
//    marked as being sent);
// 2. killed inside that transaction, while a lock the test holds keeps it from consuming the
//    token: the offset and the link roll back together, and the next process gets the update
//    from Telegram again and links the chat once, with one answer.
// 3. killed while the first answer of a batch is held at Telegram: the batch's other answers
//    were committed, unsent, in the reply outbox; the next process sends them, once, and never
//    repeats the held one (it may have arrived).
// Each time a restarted process takes over only after the dead one's lease ended by itself.

import { createHash } from 'node:crypto';
import {
  type Client,
  createClient,
  createTelegramLink,
  getNotificationPreferences,
  keyAuth,
  registerAccount,
} from '@dc/client';
import { generateIdentity, type Identity } from '@dc/crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connect';
import { botIdOf } from '../../src/notifications/telegram-bot';
import { until } from '../mail/smtp-sink';
import { unique } from '../offerings/_support';
import { closeCrashDatabase, openCrashDatabase } from '../support/crash-database';
import type { TestDatabase } from '../support/databases';
import {
  killServerProcess as kill,
  type ServerProcess,
  startServerProcess,
} from '../support/process';
import { FakeTelegram } from './_fake-telegram';

const telegram = new FakeTelegram();
let database: TestDatabase;
let db: DatabaseHandle;
let server: ServerProcess | undefined;

const env = (): Record<string, string> => ({
  ...database.env,
  ...telegram.env({ poll: true }),
  DC_LOG_LEVEL: 'info',
  // A dead poller's lease ends 1 s (poll) + 10 s (call timeout) + 30 s after its last claim.
  // The call timeout is also how long a held answer stays `sending` before its outcome is
  // unknown: the test kills the process well within it, even on a loaded machine.
  DC_TELEGRAM_POLL_TIMEOUT_S: '1',
  DC_NOTIFY_TIMEOUT_MS: '10000',
});

beforeAll(async () => {
  await telegram.start();
  ({ database, db } = await openCrashDatabase());
});
afterAll(async () => {
  await kill(server);
  await closeCrashDatabase(database, db);
  await telegram.stop();
});

interface User {
  readonly identity: Identity;
  readonly username: string;
  client(): Client;
}

/** A registered account, signing on whichever server process runs now. */
async function user(): Promise<User> {
  const identity = generateIdentity();
  const client = () =>
    createClient({
      baseUrl: server?.url ?? '',
      auth: keyAuth(identity.secretKey),
      retries: 0,
    });
  const username = unique('tg');
  await registerAccount(client(), { body: { username } });
  return { identity, username, client };
}

const linkToken = async (account: User): Promise<string> =>
  new URL((await createTelegramLink(account.client(), {})).url).searchParams.get('start') ?? '';

const chatOf = async (account: User) =>
  (await getNotificationPreferences(account.client(), {})).channels.telegram.chat_id;

const storedOffset = async (): Promise<bigint> => {
  const row = await db.db
    .selectFrom('telegram_bot_state')
    .select('update_offset')
    .where('bot_id', '=', botIdOf(telegram.token))
    .executeTakeFirst();
  return row?.update_offset ?? 0n;
};

const replyStatus = async (updateId: number) =>
  (
    await db.db
      .selectFrom('telegram_replies')
      .select('status')
      .where('bot_id', '=', botIdOf(telegram.token))
      .where('update_id', '=', BigInt(updateId))
      .executeTakeFirst()
  )?.status;

/** Waits for the running process's poller to answer `text` from a fresh chat (it holds the lease). */
async function pollerAnswers(chat: number): Promise<void> {
  telegram.userSends({ chatId: chat, text: 'are you there?' });
  await until('the new process to take the updates', () => telegram.to(String(chat))[0], 90_000);
}

describe("the bot's update poller across a killed server process", () => {
  it('links each /start once, answers it at most once, and sends committed answers', async () => {
    server = await startServerProcess(env());

    // 1. Killed after the link committed, while Telegram holds the bot's answer.
    const first = await user();
    const firstChat = 8_800_001;
    telegram.holdNext = 1;
    const firstUpdate = telegram.userSends({
      chatId: firstChat,
      text: `/start ${await linkToken(first)}`,
    });
    await until('the held answer to reach Telegram', () => telegram.to(String(firstChat))[0]);
    expect(await storedOffset()).toBe(BigInt(firstUpdate) + 1n);
    await kill(server);
    server = await startServerProcess(env());
    await pollerAnswers(8_800_002);
    expect(await chatOf(first)).toBe(String(firstChat));
    expect(telegram.to(String(firstChat)).map((message) => message.text)).toEqual([
      expect.stringMatching(new RegExp(`^Linked to @${first.username} on Decent Cloud\\.`)),
    ]);

    // 2. Killed inside the transaction: the test's lock on the token row stops it there.
    const second = await user();
    const secondChat = 8_800_003;
    const token = await linkToken(second);
    const offsetBefore = await storedOffset();
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: () => void = () => {};
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = db.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('telegram_link_tokens')
        .select('token_hash')
        .where('token_hash', '=', createHash('sha256').update(token).digest('hex'))
        .forUpdate()
        .executeTakeFirstOrThrow();
      locked();
      await released;
    });
    await lockTaken;
    const secondUpdate = telegram.userSends({ chatId: secondChat, text: `/start ${token}` });
    await until(
      "the poller's transaction to wait for the token row",
      async () => {
        const { rows } = await sql<{ waiting: string }>`
          select count(*)::text as waiting from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'
            and query like '%telegram_link_tokens%'`.execute(db.db);
        return Number(rows[0]?.waiting ?? 0) > 0 ? true : undefined;
      },
      30_000,
    );
    await kill(server);
    release();
    await holding;
    // The offset moved inside the killed transaction only: it rolled back with it.
    expect(await storedOffset()).toBe(offsetBefore);
    expect(await storedOffset()).toBeLessThanOrEqual(BigInt(secondUpdate));
    expect(telegram.to(String(secondChat))).toEqual([]);
    expect(telegram.unconfirmed()).toBeGreaterThan(0);

    server = await startServerProcess(env());
    await until(
      'the update to be processed by the new process',
      async () => ((await storedOffset()) > BigInt(secondUpdate) ? true : undefined),
      90_000,
    );
    expect(await chatOf(second)).toBe(String(secondChat));
    const answers = await until('the one answer', () => {
      const sent = telegram.to(String(secondChat));
      return sent.length > 0 ? sent : undefined;
    });
    expect(answers.map((message) => message.text)).toEqual([
      expect.stringMatching(new RegExp(`^Linked to @${second.username} on Decent Cloud\\.`)),
    ]);
    const used = await db.db
      .selectFrom('telegram_link_tokens')
      .select(['used_at', 'chat_id'])
      .where('token_hash', '=', createHash('sha256').update(token).digest('hex'))
      .executeTakeFirstOrThrow();
    expect(used.chat_id).toBe(String(secondChat));
    expect(used.used_at).not.toBeNull();
    // Nothing for the first chat since: its update was never processed again.
    expect(telegram.to(String(firstChat))).toHaveLength(1);

    // 3. Killed while the first answer of a batch is held: the batch's other answer was
    //    committed with its update, unsent, and the next process sends it, once.
    const third = await user();
    const fourth = await user();
    const [thirdToken, fourthToken] = [await linkToken(third), await linkToken(fourth)];
    const [thirdChat, fourthChat] = [8_800_004, 8_800_005];
    await kill(server);
    // Both wait at Telegram for the next process's first getUpdates: one batch.
    const thirdUpdate = telegram.userSends({ chatId: thirdChat, text: `/start ${thirdToken}` });
    const fourthUpdate = telegram.userSends({ chatId: fourthChat, text: `/start ${fourthToken}` });
    telegram.holdNext = 1;
    server = await startServerProcess(env());
    await until('the held third answer', () => telegram.to(String(thirdChat))[0], 90_000);
    expect(await storedOffset()).toBe(BigInt(fourthUpdate) + 1n);
    expect(await replyStatus(thirdUpdate)).toBe('sending');
    expect(await replyStatus(fourthUpdate)).toBe('pending');
    expect(telegram.to(String(fourthChat))).toEqual([]);
    await kill(server);
    server = await startServerProcess(env());
    const fourthAnswers = await until(
      'the fourth answer from the next process',
      () => {
        const sent = telegram.to(String(fourthChat));
        return sent.length > 0 ? sent : undefined;
      },
      90_000,
    );
    expect(fourthAnswers.map((message) => message.text)).toEqual([
      expect.stringMatching(new RegExp(`^Linked to @${fourth.username} on Decent Cloud\\.`)),
    ]);
    // The fake records the message on arrival; the row says `sent` once the answer is back.
    await until('the fourth answer to be recorded as sent', async () =>
      (await replyStatus(fourthUpdate)) === 'sent' ? true : undefined,
    );
    expect(await chatOf(third)).toBe(String(thirdChat));
    expect(await chatOf(fourth)).toBe(String(fourthChat));
    // The held one may have reached the chat: it is never sent again.
    await pollerAnswers(8_800_006);
    expect(telegram.to(String(thirdChat))).toHaveLength(1);
    expect(await replyStatus(thirdUpdate)).toBe('sending');
  }, 400_000);
});
