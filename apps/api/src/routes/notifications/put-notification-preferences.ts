import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { applyPreferenceChanges, preferencesView } from '../../notifications/preferences';

/**
 * `PUT /v1/notifications/preferences`: turns channels on or off per event; the rest keep
 * their setting. Applies to notifications enqueued from now on.
 */
export const putNotificationPreferences: Handler<
  typeof operations.putNotificationPreferences
> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  await applyPreferenceChanges(ctx.db, caller.accountId, body.changes, ctx.services.now());
  return preferencesView(ctx.db, caller.accountId, ctx.config.DC_TELEGRAM_BOT_TOKEN !== undefined);
};
