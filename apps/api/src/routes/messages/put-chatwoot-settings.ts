import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { chatwootSettingsView, saveChatwootSettings } from '../../chatwoot/settings';
import type { Handler } from '../../http/mount';

/** `PUT /v1/provider/chatwoot`: sets up, changes, turns on or off the caller's mirror. */
export const putChatwootSettings: Handler<typeof operations.putChatwootSettings> = async (
  { body },
  ctx,
) => {
  const providerId = accountCaller(ctx).accountId;
  await ctx.db.transaction().execute((trx) =>
    saveChatwootSettings(trx, {
      providerId,
      body,
      allowInsecure: ctx.config.DC_CHATWOOT_ALLOW_INSECURE,
      at: ctx.services.now(),
    }),
  );
  return chatwootSettingsView(ctx.db, providerId);
};
