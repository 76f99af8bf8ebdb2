import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { deleteChatwootSettings as forgetChatwootSettings } from '../../chatwoot/settings';
import type { Handler } from '../../http/mount';

/** `DELETE /v1/provider/chatwoot`: stops the mirror and forgets its settings and token. */
export const deleteChatwootSettings: Handler<typeof operations.deleteChatwootSettings> = async (
  _input,
  ctx,
) => {
  const providerId = accountCaller(ctx).accountId;
  await ctx.db.transaction().execute((trx) => forgetChatwootSettings(trx, providerId));
};
