import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';

/** How long a link token works after it was made. */
export const TELEGRAM_LINK_TTL_MS = 15 * 60_000;

/** Telegram's start parameter: 1-64 characters of A-Z, a-z, 0-9, _ and -. */
const START_PARAMETER = /^[A-Za-z0-9_-]{1,64}$/;

/** The stored form of a link token: its SHA-256, hex. */
export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * A new single-use link token for `accountId`: 32 random bytes, base64url (43 characters, a
 * valid start parameter). Only its hash is stored. The account's earlier unused tokens are
 * dropped (a new link replaces them), and so are everyone's tokens that expired a day ago.
 */
export async function createLinkToken(
  db: Kysely<Database>,
  accountId: string,
  now: Date,
): Promise<{ readonly token: string; readonly expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + TELEGRAM_LINK_TTL_MS);
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('telegram_link_tokens')
      .where((eb) =>
        eb.or([
          eb.and([eb('account_id', '=', accountId), eb('used_at', 'is', null)]),
          eb('expires_at', '<', new Date(now.getTime() - 86_400_000)),
        ]),
      )
      .execute();
    await trx
      .insertInto('telegram_link_tokens')
      .values({
        token_hash: hashLinkToken(token),
        account_id: accountId,
        created_at: now,
        expires_at: expiresAt,
      })
      .execute();
  });
  return { token, expiresAt };
}

/** What a `/start <token>` did. */
export type LinkResult =
  | { readonly kind: 'linked'; readonly username: string }
  | { readonly kind: 'unknown' | 'expired' | 'used' };

/**
 * Consumes `token` for `chatId` inside `trx`: the token row is locked, checked (known, unused,
 * not expired at `now`), marked used, and the account's Telegram chat set to `chatId`. A
 * concurrent consumer of the same token waits for the lock and then finds it used.
 */
export async function consumeLinkToken(
  trx: Transaction<Database>,
  token: string,
  chatId: string,
  now: Date,
): Promise<LinkResult> {
  if (!START_PARAMETER.test(token)) return { kind: 'unknown' };
  const row = await trx
    .selectFrom('telegram_link_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.token_hash', 't.account_id', 't.expires_at', 't.used_at', 'a.username'])
    .where('t.token_hash', '=', hashLinkToken(token))
    .forUpdate('t')
    .executeTakeFirst();
  if (row === undefined) return { kind: 'unknown' };
  if (row.used_at !== null) return { kind: 'used' };
  if (row.expires_at.getTime() <= now.getTime()) return { kind: 'expired' };
  await trx
    .updateTable('telegram_link_tokens')
    .set({ used_at: now, chat_id: chatId })
    .where('token_hash', '=', row.token_hash)
    .execute();
  await trx
    .insertInto('notification_telegram')
    .values({ account_id: row.account_id, chat_id: chatId, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ chat_id: chatId, updated_at: now }))
    .execute();
  return { kind: 'linked', username: row.username };
}
