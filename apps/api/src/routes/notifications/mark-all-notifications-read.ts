import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';

/** `POST /v1/notifications/read-all`: marks every unread entry of the caller read. */
export const markAllNotificationsRead: Handler<typeof operations.markAllNotificationsRead> = async (
  _input,
  ctx,
) => {
  const caller = accountCaller(ctx);
  const result = await ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.services.now() })
    .where('account_id', '=', caller.accountId)
    .where('in_app', '=', true)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return { marked: Number(result.numUpdatedRows) };
};
