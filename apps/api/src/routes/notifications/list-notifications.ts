import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';
import { notificationView } from '../../notifications/inbox-view';

const CURSOR = /^[0-9]{1,19}$/;

/**
 * `GET /v1/notifications`: the caller's inbox, newest first, with the number of unread entries.
 * The cursor is the position of the last entry of the previous page; positions only grow, so a
 * page never repeats or skips an entry while new ones arrive.
 */
export const listNotifications: Handler<typeof operations.listNotifications> = async (
  { query },
  ctx,
) => {
  const caller = accountCaller(ctx);
  if (query.cursor !== undefined && !CURSOR.test(query.cursor)) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  let select = ctx.db
    .selectFrom('notifications')
    .selectAll()
    .where('account_id', '=', caller.accountId)
    .where('in_app', '=', true)
    .orderBy('seq', 'desc')
    .limit(query.limit + 1);
  if (query.unread_only) select = select.where('read_at', 'is', null);
  if (query.cursor !== undefined) select = select.where('seq', '<', BigInt(query.cursor));
  const rows = await select.execute();
  const unread = await ctx.db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('account_id', '=', caller.accountId)
    .where('in_app', '=', true)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(notificationView),
    next_cursor: rows.length > query.limit && last !== undefined ? last.seq.toString() : null,
    unread_count: Number(unread.count),
  };
};
