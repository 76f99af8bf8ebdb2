import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';

/** `DELETE /v1/notifications/webhook`: removes the endpoint and its secret (idempotent). */
export const deleteNotificationWebhook: Handler<
  typeof operations.deleteNotificationWebhook
> = async (_input, ctx) => {
  const caller = accountCaller(ctx);
  await ctx.db
    .deleteFrom('notification_webhooks')
    .where('account_id', '=', caller.accountId)
    .execute();
};
