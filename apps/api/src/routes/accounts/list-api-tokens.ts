import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { API_TOKEN_COLUMNS, apiTokenView } from '../../accounts/token-view';
import type { Handler } from '../../http/mount';

/** `GET /v1/me/tokens`: the account's tokens, newest first, revoked and expired included. */
export const listApiTokens: Handler<typeof operations.listApiTokens> = async (_input, ctx) => {
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .select(API_TOKEN_COLUMNS)
    .where('account_id', '=', accountCaller(ctx).accountId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return { items: rows.map(apiTokenView) };
};
