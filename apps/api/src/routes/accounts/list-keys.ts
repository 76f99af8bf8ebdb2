import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { ACCOUNT_KEY_COLUMNS, accountKeyView } from '../../accounts/key-view';
import type { Handler } from '../../http/mount';

/** `GET /v1/me/keys`: every key of the account, revoked ones included, oldest first. */
export const listKeys: Handler<typeof operations.listKeys> = async (_input, ctx) => {
  const rows = await ctx.db
    .selectFrom('account_keys')
    .select(ACCOUNT_KEY_COLUMNS)
    .where('account_id', '=', accountCaller(ctx).accountId)
    .orderBy('created_at')
    .orderBy('public_key')
    .execute();
  return { items: rows.map(accountKeyView) };
};
