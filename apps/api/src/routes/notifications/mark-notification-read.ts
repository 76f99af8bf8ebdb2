import type { operations } from '@dc/client';
import { sql } from 'kysely';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';
import { notificationView } from '../../notifications/inbox-view';

/** `POST /v1/notifications/{id}/read`: marks it read once (the first read time is kept). */
export const markNotificationRead: Handler<typeof operations.markNotificationRead> = async (
  { params },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const row = await ctx.db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, ${ctx.services.now()})` })
    .where('id', '=', params.id)
    .where('account_id', '=', caller.accountId)
    .where('in_app', '=', true)
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) throw notFound('Notification');
  return notificationView(row);
};
