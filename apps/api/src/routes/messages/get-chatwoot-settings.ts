import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { chatwootSettingsView } from '../../chatwoot/settings';
import type { Handler } from '../../http/mount';

/** `GET /v1/provider/chatwoot`: the caller's mirror settings (never the token) and progress. */
export const getChatwootSettings: Handler<typeof operations.getChatwootSettings> = async (
  _input,
  ctx,
) => chatwootSettingsView(ctx.db, accountCaller(ctx).accountId);
