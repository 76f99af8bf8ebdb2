import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';

/** `GET /v1/accounts/{username}`: what anyone may see of an account; 404 when there is none. */
export const getAccount: Handler<typeof operations.getAccount> = async ({ params }, ctx) => {
  const row = await ctx.db
    .selectFrom('accounts as a')
    .leftJoin('providers as p', 'p.account_id', 'a.id')
    .select(['a.username', 'a.display_name', 'a.created_at', 'p.account_id as provider'])
    .where('a.username', '=', params.username)
    .executeTakeFirst();
  if (!row) throw new HttpProblem(404, 'not_found', `No account is named "${params.username}".`);
  return {
    username: row.username,
    display_name: row.display_name,
    is_provider: row.provider !== null,
    created_at: row.created_at.toISOString(),
  };
};
