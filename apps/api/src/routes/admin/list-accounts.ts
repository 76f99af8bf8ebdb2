import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';

const CURSOR = /^[a-z][a-z0-9_-]{2,31}$/;

/** `_` and `%` are LIKE wildcards and `_` is allowed in usernames: match them literally. */
function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `GET /v1/admin/accounts`: accounts by username, optionally those whose username starts with
 * `username_prefix`, each with its roles and wallet balances. The cursor is the last username.
 */
export const listAccounts: Handler<typeof operations.listAccounts> = async ({ query }, ctx) => {
  if (query.cursor !== undefined && !CURSOR.test(query.cursor)) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  let select = ctx.db
    .selectFrom('accounts as a')
    .leftJoin('providers as p', 'p.account_id', 'a.id')
    .select([
      'a.id',
      'a.username',
      'a.display_name',
      'a.email',
      'a.email_verified_at',
      'a.is_admin',
      'a.created_at',
      'p.account_id as provider',
    ])
    .orderBy('a.username')
    .limit(query.limit + 1);
  if (query.username_prefix !== undefined) {
    select = select.where('a.username', 'like', likePrefix(query.username_prefix));
  }
  if (query.cursor !== undefined) select = select.where('a.username', '>', query.cursor);
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const balances =
    page.length === 0
      ? []
      : await ctx.db
          .selectFrom('wallet_balances')
          .select(['account_id', 'currency', 'balance'])
          .where(
            'account_id',
            'in',
            page.map((row) => row.id),
          )
          .orderBy('currency')
          .execute();
  const admins = ctx.config.DC_ADMIN_USERNAMES;
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      username: row.username,
      display_name: row.display_name,
      is_provider: row.provider !== null,
      is_admin: row.is_admin || admins.includes(row.username),
      email_verified: row.email !== null && row.email_verified_at !== null,
      created_at: row.created_at.toISOString(),
      wallet: balances
        .filter((b) => b.account_id === row.id)
        .map((b) => ({ currency: b.currency, balance: Number(b.balance) })),
    })),
    next_cursor: rows.length > query.limit && last !== undefined ? last.username : null,
  };
};
