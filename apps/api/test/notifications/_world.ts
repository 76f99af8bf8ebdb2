import { type Client, listNotifications } from '@dc/client';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema';
import { until } from '../mail/smtp-sink';

/** Every inbox entry of the client's account, newest first (all pages). */
export async function inboxOf(client: Client) {
  const items = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await listNotifications(client, {
      limit: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    items.push(...page.items);
    if (page.next_cursor === null) return items;
    cursor = page.next_cursor;
  }
}

/** Waits until `count()` reaches `expected` (the worker runs in the background). */
export async function reaches(
  what: string,
  count: () => number | Promise<number>,
  expected: number,
) {
  return until(what, async () => ((await count()) >= expected ? true : undefined), 30_000);
}

/** The delivery rows of an account's notifications (white-box: what the outbox did). */
export async function deliveriesOf(db: Kysely<Database>, username: string) {
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('accounts as a', 'a.id', 'd.account_id')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select([
      'd.id',
      'd.channel',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.target',
      'n.event',
      'n.id as notification_id',
    ])
    .where('a.username', '=', username)
    .orderBy('n.seq')
    .orderBy('d.channel')
    .execute();
}

/** Waits until every delivery of the account is finished (nothing pending or mid-send). */
export async function settled(db: Kysely<Database>, username: string, count: number) {
  return until(`${count} finished deliveries of ${username}`, async () => {
    const rows = await deliveriesOf(db, username);
    const open = rows.filter((row) => row.status === 'pending' || row.status === 'sending');
    return rows.length >= count && open.length === 0 ? rows : undefined;
  });
}

/** The account id of `username`. */
export async function accountId(db: Kysely<Database>, username: string): Promise<string> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Sets the account's Telegram chat straight in the database, for suites about delivery. Users
 * link a chat only through the bot (`createTelegramLink`, then /start in the chat: see
 * telegram-link.test.ts); going through it here would add the bot's answer to the chat.
 */
export async function setChatInDatabase(
  db: Kysely<Database>,
  username: string,
  chatId: string,
  at: Date = new Date(),
): Promise<void> {
  const id = await accountId(db, username);
  await db
    .insertInto('notification_telegram')
    .values({ account_id: id, chat_id: chatId, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ chat_id: chatId, updated_at: at }))
    .execute();
}
