// Linking a Telegram chat by deep link: the account makes a single-use t.me link, the user
// presses Start in Telegram, the bot (a Bot API fake over HTTP, taken by the API's leased
// getUpdates poller) gets `/start <token>` from that chat, which is linked and answered once.
// Used, expired, unknown and group-chat tokens link nothing; an update is processed once
// whatever the number of pollers and workers. Runs on PGlite and on PostgreSQL.

import { createHash } from 'node:crypto';
import {
  type CreateTelegramLinkReturnType,
  createApiToken,
  createClient,
  createTelegramLink,
  deleteTelegramChat,
  getNotificationPreferences,
  tokenAuth,
} from '@dc/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TelegramReplyStatus } from '../../src/db/schema';
import { enqueueNotification } from '../../src/notifications/enqueue';
import { botIdOf } from '../../src/notifications/telegram-bot';
import { pruneTelegramReplies } from '../../src/notifications/telegram-replies';
import {
  processTelegramUpdates,
  startTelegramPoller,
  type TelegramUpdate,
  type UpdateRun,
} from '../../src/notifications/telegram-updates';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { until } from '../mail/smtp-sink';
import { problemOf, type TestAccount } from '../offerings/_support';
import { FakeTelegram } from './_fake-telegram';
import { accountId } from './_world';

const telegram = new FakeTelegram();
let world: ContractWorld;
const silent = pino({ level: 'silent' });

beforeAll(async () => {
  await telegram.start();
  world = await contractWorld({
    ...telegram.env({ poll: true }),
    DC_NOTIFY_INTERVAL_MS: '100',
    DC_TELEGRAM_POLL_TIMEOUT_S: '1',
  });
});
afterAll(async () => {
  await world?.stop();
  await telegram.stop();
});

let chats = 5_550_000;
const nextChat = () => {
  chats += 1;
  return chats;
};

const tokenOf = (link: CreateTelegramLinkReturnType): string =>
  new URL(link.url).searchParams.get('start') ?? '';

const chatOf = async (account: TestAccount) =>
  (await getNotificationPreferences(account.client, {})).channels.telegram.chat_id;

/** Waits for the bot's `count`-th message to `chat` and returns them all. */
async function answers(chat: number, count = 1) {
  return until(`${count} bot message(s) to chat ${chat}`, () => {
    const sent = telegram.to(String(chat));
    return sent.length >= count ? sent.map((message) => message.text) : undefined;
  });
}

/** `text` from a user's private chat (or another kind of chat), then the bot's answer. */
async function say(chat: number, text: string, chatType?: string): Promise<string> {
  const before = telegram.to(String(chat)).length;
  telegram.userSends({ chatId: chat, text, ...(chatType === undefined ? {} : { chatType }) });
  const all = await answers(chat, before + 1);
  return all[before] ?? '';
}

/** Waits until the poller moved the stored offset past `updateId` (the update is processed). */
async function processed(updateId: number) {
  const botId = botIdOf(telegram.token);
  await until(`update ${updateId} processed`, async () => {
    const row = await world.server.database.db
      .selectFrom('telegram_bot_state')
      .select('update_offset')
      .where('bot_id', '=', botId)
      .executeTakeFirst();
    return row !== undefined && row.update_offset > BigInt(updateId) ? true : undefined;
  });
}

describe('linking a Telegram chat with /start <token>', () => {
  it('links the chat that sends the token, answers it once, then notifications reach it', async () => {
    const account = await world.account();
    const link = await createTelegramLink(account.client, {});
    const token = tokenOf(link);
    expect(link.url).toMatch(/^https:\/\/t\.me\/dc_test_bot\?start=[A-Za-z0-9_-]{43}$/);
    expect(link.bot_username).toBe('dc_test_bot');
    expect(new Date(link.expires_at).getTime()).toBe(world.clock.now().getTime() + 15 * 60_000);
    // The bot's username came from getMe, asked once and kept.
    await createTelegramLink(account.client, {});
    expect(telegram.getMeCalls).toBe(1);
    const latest = await createTelegramLink(account.client, {});
    // Stored hashed only; a new link replaced the unused ones.
    const rows = await world.server.database.db
      .selectFrom('telegram_link_tokens')
      .selectAll()
      .where('account_id', '=', await accountId(world.server.database.db, account.username))
      .execute();
    expect(rows.map((row) => row.token_hash)).toEqual([
      createHash('sha256').update(tokenOf(latest)).digest('hex'),
    ]);
    expect(JSON.stringify(rows)).not.toContain(tokenOf(latest));
    expect(await say(nextChat(), `/start ${token}`)).toMatch(/^This link is not valid/);

    const chat = nextChat();
    expect(await chatOf(account)).toBeNull();
    expect(await say(chat, `/start ${tokenOf(latest)}`)).toMatch(
      new RegExp(`^Linked to @${account.username} on Decent Cloud\\.`),
    );
    expect(await chatOf(account)).toBe(String(chat));

    const id = await accountId(world.server.database.db, account.username);
    await world.server.database.db.transaction().execute((trx) =>
      enqueueNotification(trx, {
        accountId: id,
        event: 'message_received',
        title: 'A message after linking',
        body: 'A new message in a contract thread.',
        dedupeKey: `linked:${chat}`,
        at: world.clock.now(),
      }),
    );
    const texts = await answers(chat, 2);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toContain('A message after linking');

    // Unlinked: the next notification goes nowhere on Telegram.
    await deleteTelegramChat(account.client, {});
    expect(await chatOf(account)).toBeNull();
  });

  it('refuses a used, an expired and an unknown token, and a token from a group chat', async () => {
    const owner = await world.account();
    const token = tokenOf(await createTelegramLink(owner.client, {}));

    // From a group: refused, and the token is still good for the owner's private chat.
    const group = -1_000_000_000_000 - nextChat();
    expect(await say(group, `/start@dc_test_bot ${token}`, 'supergroup')).toMatch(
      /^Links work in a private chat with the bot only/,
    );
    expect(await chatOf(owner)).toBeNull();
    const first = nextChat();
    expect(await say(first, `/start ${token}`)).toMatch(/^Linked to @/);

    // Used: another chat presenting it links nothing, the first chat stays.
    const second = nextChat();
    expect(await say(second, `/start ${token}`)).toMatch(/^This link was used already/);
    expect(await chatOf(owner)).toBe(String(first));

    // Expired: 15 minutes after it was made.
    const late = await world.account();
    const lateToken = tokenOf(await createTelegramLink(late.client, {}));
    world.clock.advance(15 / 60);
    expect(await say(nextChat(), `/start ${lateToken}`)).toMatch(/^This link expired/);
    expect(await chatOf(late)).toBeNull();

    // Unknown and malformed tokens, a bare /start and other text: no link, a short answer.
    expect(await say(nextChat(), '/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toMatch(
      /^This link is not valid/,
    );
    expect(await say(nextChat(), `/start ${'x'.repeat(80)}`)).toMatch(/^This link is not valid/);
    expect(await say(nextChat(), '/start')).toMatch(/^This bot sends Decent Cloud notifications/);
    expect(await say(nextChat(), 'hello?')).toMatch(/^This bot sends Decent Cloud notifications/);

    // Text in a group, and a bot's message: ignored, never answered.
    const quiet = nextChat();
    const fromGroup = telegram.userSends({ chatId: -quiet, text: 'hi all', chatType: 'group' });
    const fromBot = telegram.userSends({ chatId: quiet, text: 'beep', fromIsBot: true });
    await processed(Math.max(fromGroup, fromBot));
    expect(telegram.to(String(-quiet))).toEqual([]);
    expect(telegram.to(String(quiet))).toEqual([]);
  });

  it("links the token's account only: another account's chat presenting it never links that account", async () => {
    const alice = await world.account();
    const bob = await world.account();
    const aliceToken = tokenOf(await createTelegramLink(alice.client, {}));
    const bobToken = tokenOf(await createTelegramLink(bob.client, {}));
    const bobsChat = nextChat();
    // Bob's chat presents Alice's token: Alice's account is linked (the bot says to whom), Bob's
    // is not, and Bob's own token still works.
    expect(await say(bobsChat, `/start ${aliceToken}`)).toMatch(
      new RegExp(`^Linked to @${alice.username} `),
    );
    expect(await chatOf(bob)).toBeNull();
    const bobsOther = nextChat();
    expect(await say(bobsOther, `/start ${bobToken}`)).toMatch(
      new RegExp(`^Linked to @${bob.username} `),
    );
    expect(await chatOf(bob)).toBe(String(bobsOther));
    expect(await chatOf(alice)).toBe(String(bobsChat));
  });

  it('unlinks by /stop from the chat: every account linked to it, once, and says so', async () => {
    const alice = await world.account();
    const bob = await world.account();
    const carol = await world.account();
    const shared = nextChat();
    const carolsChat = nextChat();
    for (const account of [alice, bob]) {
      const token = tokenOf(await createTelegramLink(account.client, {}));
      expect(await say(shared, `/start ${token}`)).toMatch(/^Linked to @/);
    }
    const carolsToken = tokenOf(await createTelegramLink(carol.client, {}));
    expect(await say(carolsChat, `/start ${carolsToken}`)).toMatch(/^Linked to @/);

    // In a group, /stop is someone else's command: ignored, nothing unlinked.
    const inGroup = telegram.userSends({ chatId: -shared, text: '/stop', chatType: 'group' });
    await processed(inGroup);
    expect(await chatOf(alice)).toBe(String(shared));

    const answer = await say(shared, '/stop@dc_test_bot');
    expect(answer).toMatch(/^Unlinked from /);
    expect(answer).toContain(`@${alice.username}`);
    expect(answer).toContain(`@${bob.username}`);
    expect(answer).not.toContain(carol.username);
    expect(await chatOf(alice)).toBeNull();
    expect(await chatOf(bob)).toBeNull();
    expect(await chatOf(carol)).toBe(String(carolsChat));

    // Again: nothing is linked here any more, and the bot says so.
    expect(await say(shared, '/stop')).toMatch(/^This chat is not linked/);

    // A notification for Alice now reaches no Telegram chat; Carol's still reaches hers.
    const db = world.server.database.db;
    for (const account of [alice, carol]) {
      const id = await accountId(db, account.username);
      await db.transaction().execute((trx) =>
        enqueueNotification(trx, {
          accountId: id,
          event: 'message_received',
          title: `After /stop for ${account.username}`,
          body: 'A new message in a contract thread.',
          dedupeKey: `after-stop:${account.username}`,
          at: world.clock.now(),
        }),
      );
    }
    const carols = await answers(carolsChat, 2);
    expect(carols[1]).toContain(`After /stop for ${carol.username}`);
    const alicesTelegram = await db
      .selectFrom('notification_deliveries as d')
      .innerJoin('notifications as n', 'n.id', 'd.notification_id')
      .select('d.channel')
      .where('n.dedupe_key', '=', `after-stop:${alice.username}`)
      .where('d.channel', '=', 'telegram')
      .execute();
    expect(alicesTelegram).toEqual([]);
    expect(telegram.to(String(shared))).toHaveLength(4);
  });

  it('sends an answer Telegram did not take later, once, and gives up on one it refused', async () => {
    const account = await world.account();
    const chat = nextChat();
    const reply = async (updateId: number) =>
      world.server.database.db
        .selectFrom('telegram_replies')
        .select(['status', 'attempts', 'last_error', 'sent_at'])
        .where('bot_id', '=', botIdOf(telegram.token))
        .where('update_id', '=', BigInt(updateId))
        .executeTakeFirst();
    // Too many requests: the answer was certainly not sent; Telegram asks for a minute's wait.
    telegram.failures.push({
      status: 429,
      errorCode: 429,
      description: 'Too Many Requests: retry after 60',
      retryAfter: 60,
    });
    const token = tokenOf(await createTelegramLink(account.client, {}));
    const update = telegram.userSends({ chatId: chat, text: `/start ${token}` });
    const waiting = await until('the refused first attempt', async () => {
      const row = await reply(update);
      return row?.attempts === 1 && row.status === 'pending' ? row : undefined;
    });
    expect(waiting.last_error).toMatch(/^Telegram refused the message \(429\)/);
    // Linked all the same; the answer waits for its time (the server's clock stands still).
    expect(await chatOf(account)).toBe(String(chat));
    expect(telegram.to(String(chat))).toEqual([]);
    world.clock.advance(1 / 60);
    expect(await answers(chat)).toEqual([
      expect.stringMatching(new RegExp(`^Linked to @${account.username} on Decent Cloud\\.`)),
    ]);
    // The fake records the message on arrival; the row says `sent` once the answer is back.
    const sent = await until('the answer to be recorded as sent', async () => {
      const row = await reply(update);
      return row?.status === 'sent' ? row : undefined;
    });
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, last_error: null });

    // A chat Telegram refuses (the user blocked the bot): given up at once, never repeated.
    const blocked = nextChat();
    telegram.failures.push({
      status: 403,
      errorCode: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    const help = telegram.userSends({ chatId: blocked, text: 'hello' });
    const failed = await until('the refused answer to be given up', async () => {
      const row = await reply(help);
      return row?.status === 'failed' ? row : undefined;
    });
    expect(failed).toMatchObject({ attempts: 1, sent_at: null });
    expect(failed.last_error).toMatch(/blocked by the user/);
    world.clock.advance(1);
    await say(nextChat(), 'still there?');
    expect(telegram.to(String(blocked))).toEqual([]);
    expect((await reply(help))?.attempts).toBe(1);
  });

  it('answers a /stop for 150 linked accounts within one message, and unlinks them all', async () => {
    // Accounts are free: anyone can link many to one chat. The answer must still fit
    // Telegram's 4096 characters, or its outbox row would fail the update's transaction.
    const db = world.server.database.db;
    const chat = nextChat();
    const names = Array.from(
      { length: 150 },
      (_, i) => `stop${String(i).padStart(3, '0')}${'x'.repeat(24)}`,
    );
    const now = world.clock.now();
    for (const username of names) {
      const { id } = await db
        .insertInto('accounts')
        .values({
          username,
          display_name: null,
          email: null,
          email_verified_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('notification_telegram')
        .values({ account_id: id, chat_id: String(chat), created_at: now, updated_at: now })
        .execute();
    }
    const answer = await say(chat, '/stop');
    expect(answer.length).toBeLessThanOrEqual(4096);
    expect(answer).toMatch(/^Unlinked from @stop\d{3}x+(, @stop\d{3}x+){19} and 130 more\./);
    const left = await db
      .selectFrom('notification_telegram')
      .select('account_id')
      .where('chat_id', '=', String(chat))
      .execute();
    expect(left).toEqual([]);
  });

  it('refuses API tokens, whatever their scopes: a link needs a signed request', async () => {
    const account = await world.account();
    const { token } = await createApiToken(account.client, {
      body: { name: 'everything', scopes: ['read', 'rent'] },
    });
    const viaToken = createClient({
      baseUrl: world.server.url,
      auth: tokenAuth(token),
      retries: 0,
    });
    expect((await problemOf(createTelegramLink(viaToken, {}))).status).toBe(403);
  });
});

describe('each update processed once', () => {
  const run = (): UpdateRun => ({
    db: world.server.database.db,
    telegram: {
      apiUrl: telegram.env()['DC_TELEGRAM_API_URL'] ?? '',
      botToken: telegram.token,
      timeoutMs: 5_000,
    },
    now: world.clock.now,
    log: silent,
  });

  it('by one poller at a time among three, each link once and each answer once', async () => {
    const conflictsBefore = telegram.conflicts;
    // Two more instances' pollers beside the server's own, on the same database.
    const others = [1, 2].map((n) =>
      startTelegramPoller({ ...run(), pollTimeoutS: 1, owner: `other-${n}`, retryBaseMs: 100 }),
    );
    try {
      const accounts = await Promise.all([1, 2, 3, 4, 5].map(() => world.account()));
      const links = await Promise.all(
        accounts.map((account) => createTelegramLink(account.client, {})),
      );
      const chatIds = accounts.map(() => nextChat());
      let last = 0;
      for (const [i, link] of links.entries()) {
        last = telegram.userSends({ chatId: chatIds[i] ?? 0, text: `/start ${tokenOf(link)}` });
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      await processed(last);
      for (const [i, account] of accounts.entries()) {
        expect(await chatOf(account)).toBe(String(chatIds[i]));
        const sent = await answers(chatIds[i] ?? 0);
        expect(sent).toHaveLength(1);
      }
      // Never two getUpdates at once (Telegram would have answered 409 Conflict).
      expect(telegram.conflicts).toBe(conflictsBefore);
    } finally {
      await Promise.all(others.map((poller) => poller.stop()));
    }
    // The pollers stopped freed the lease if they held it: the server's own takes over.
    expect(await say(nextChat(), 'still there?')).toMatch(/^This bot sends/);
  });

  it('when several workers hold the same updates at once (a lease that ended mid-batch)', async () => {
    const accounts = await Promise.all([1, 2, 3].map(() => world.account()));
    const tokens = await Promise.all(
      accounts.map(async (account) => tokenOf(await createTelegramLink(account.client, {}))),
    );
    const chatIds = accounts.map(() => nextChat());
    const helpChat = nextChat();
    // Four update ids as Telegram numbers them (the fake never hands them out itself).
    const base = telegram.reserveUpdateIds(4);
    const updates: TelegramUpdate[] = [
      ...tokens.map((token, i) => ({
        update_id: base + i,
        message: {
          message_id: base + i,
          from: { id: chatIds[i] ?? 0, is_bot: false },
          chat: { id: chatIds[i] ?? 0, type: 'private' },
          text: `/start ${token}`,
        },
      })),
      {
        update_id: base + 3,
        message: {
          message_id: base + 3,
          from: { id: helpChat, is_bot: false },
          chat: { id: helpChat, type: 'private' },
          text: 'help',
        },
      },
    ];
    const reports = await Promise.all([1, 2, 3].map(() => processTelegramUpdates(run(), updates)));
    expect(reports.reduce((sum, report) => sum + report.processed, 0)).toBe(4);
    expect(reports.reduce((sum, report) => sum + report.skipped, 0)).toBe(8);
    expect(reports.reduce((sum, report) => sum + report.linked, 0)).toBe(3);
    // The server's own poller may send some of the answers from the outbox: each arrives once.
    for (const chat of [...chatIds, helpChat]) await answers(chat);
    for (const [i, account] of accounts.entries()) {
      expect(await chatOf(account)).toBe(String(chatIds[i]));
      expect(telegram.to(String(chatIds[i]))).toHaveLength(1);
    }
    expect(telegram.to(String(helpChat))).toHaveLength(1);
    // Processed again later (Telegram resending them): nothing happens.
    const again = await processTelegramUpdates(run(), updates);
    expect(again).toEqual({
      processed: 0,
      skipped: 4,
      linked: 0,
      unlinked: 0,
      replies: 0,
      moreReplies: false,
    });
  });
});

describe('the reply outbox', () => {
  it('forgets answers after 30 days, but never one still waiting to be sent', async () => {
    const db = world.server.database.db;
    // A bot of its own, so the server's poller and the other tests never meet these rows.
    const botId = 4_242_000n;
    await db.insertInto('telegram_bot_state').values({ bot_id: botId }).execute();
    const now = world.clock.now();
    const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
    const row = (updateId: number, status: TelegramReplyStatus, days: number) => ({
      bot_id: botId,
      update_id: updateId,
      chat_id: '77',
      text: 'answer',
      status,
      available_at: daysAgo(days),
      created_at: daysAgo(days),
      sent_at: status === 'sent' ? daysAgo(days) : null,
    });
    await db
      .insertInto('telegram_replies')
      .values([
        row(1, 'sent', 31),
        row(2, 'failed', 31),
        row(3, 'sending', 31),
        row(4, 'pending', 31),
        row(5, 'sent', 29),
      ])
      .execute();
    expect(await pruneTelegramReplies(db, botId, now)).toBe(3);
    const left = await db
      .selectFrom('telegram_replies')
      .select(['update_id', 'status'])
      .where('bot_id', '=', botId)
      .orderBy('update_id')
      .execute();
    expect(left).toEqual([
      { update_id: 4n, status: 'pending' },
      { update_id: 5n, status: 'sent' },
    ]);
    expect(await pruneTelegramReplies(db, botId, now)).toBe(0);
  });

  it("the server's poller prunes about once an hour, on the server's clock", async () => {
    const db = world.server.database.db;
    const botId = botIdOf(telegram.token);
    const old = new Date(world.clock.now().getTime() - 31 * 86_400_000);
    // An update id far above the fake's, answered 31 days ago.
    await db
      .insertInto('telegram_replies')
      .values({
        bot_id: botId,
        update_id: 9_000_000_000,
        chat_id: '77',
        text: 'answer',
        status: 'sent',
        available_at: old,
        created_at: old,
        sent_at: old,
      })
      .execute();
    const stored = async () =>
      db
        .selectFrom('telegram_replies')
        .select('update_id')
        .where('bot_id', '=', botId)
        .where('update_id', '=', 9_000_000_000n)
        .executeTakeFirst();
    // The poller pruned when it started and polls every second: the next prune waits an hour.
    await say(nextChat(), 'anyone?');
    expect(await stored()).toBeDefined();
    world.clock.advance(1 + 1 / 60);
    await until('the old answer to be pruned', async () =>
      (await stored()) === undefined ? true : undefined,
    );
  });
});
