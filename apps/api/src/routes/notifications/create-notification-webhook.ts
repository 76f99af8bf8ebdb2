import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { conflict, validationFailed } from '../../http/problem';
import { newWebhookSecret } from '../../notifications/signature';
import { webhookUrlProblem } from '../../notifications/webhook';

/**
 * `POST /v1/notifications/webhook`: the caller's endpoint and a new signing secret, returned
 * only in this answer. One endpoint per account.
 */
export const createNotificationWebhook: Handler<
  typeof operations.createNotificationWebhook
> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  const problem = webhookUrlProblem(body.url, ctx.config.DC_NOTIFY_WEBHOOK_ALLOW_HTTP_LOOPBACK);
  if (problem !== null) throw validationFailed([{ path: 'body.url', message: problem }]);
  const now = ctx.services.now();
  const secret = newWebhookSecret();
  const row = await ctx.db
    .insertInto('notification_webhooks')
    .values({
      account_id: caller.accountId,
      url: body.url,
      secret,
      created_at: now,
      rotated_at: now,
    })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .returning(['id', 'url', 'created_at', 'rotated_at'])
    .executeTakeFirst();
  if (row === undefined) {
    throw conflict(
      'webhook_exists',
      'This account already has a webhook endpoint; delete it first (DELETE /v1/notifications/webhook) or rotate its secret (POST /v1/notifications/webhook/rotate).',
    );
  }
  return {
    id: row.id,
    url: row.url,
    secret,
    created_at: row.created_at.toISOString(),
    rotated_at: row.rotated_at.toISOString(),
  };
};
