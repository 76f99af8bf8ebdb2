import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { preferencesView } from '../../notifications/preferences';

/** `GET /v1/notifications/preferences`: every event's channels and the channel settings. */
export const getNotificationPreferences: Handler<
  typeof operations.getNotificationPreferences
> = async (_input, ctx) => {
  const caller = accountCaller(ctx);
  return preferencesView(ctx.db, caller.accountId, ctx.config.DC_TELEGRAM_BOT_TOKEN !== undefined);
};
