import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { API_TOKEN_COLUMNS, apiTokenView } from '../../accounts/token-view';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';

/**
 * `DELETE /v1/me/tokens/{id}`. The token is refused from the next request on (authentication
 * reads `revoked_at` every time). Another account's token answers 404, as if absent, so ids
 * reveal nothing. Revoking a revoked token returns it unchanged.
 */
export const revokeApiToken: Handler<typeof operations.revokeApiToken> = async (
  { params },
  ctx,
) => {
  const { accountId } = accountCaller(ctx);
  await ctx.db
    .updateTable('api_tokens')
    .set({ revoked_at: ctx.services.now() })
    .where('id', '=', params.id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
  const row = await ctx.db
    .selectFrom('api_tokens')
    .select(API_TOKEN_COLUMNS)
    .where('id', '=', params.id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'not_found', 'None of your API tokens has this id.');
  return apiTokenView(row);
};
