import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';
import { newWebhookSecret } from '../../notifications/signature';

/** `POST /v1/notifications/webhook/rotate`: a new secret, returned only in this answer. */
export const rotateNotificationWebhookSecret: Handler<
  typeof operations.rotateNotificationWebhookSecret
> = async (_input, ctx) => {
  const caller = accountCaller(ctx);
  const secret = newWebhookSecret();
  const row = await ctx.db
    .updateTable('notification_webhooks')
    .set({ secret, rotated_at: ctx.services.now() })
    .where('account_id', '=', caller.accountId)
    .returning(['id', 'url', 'created_at', 'rotated_at'])
    .executeTakeFirst();
  if (row === undefined) throw notFound('Webhook endpoint');
  return {
    id: row.id,
    url: row.url,
    secret,
    created_at: row.created_at.toISOString(),
    rotated_at: row.rotated_at.toISOString(),
  };
};
