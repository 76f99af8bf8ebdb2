import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { loadProviderProfile } from '../../providers/profile';

/** `GET /v1/provider/profile`: the caller's own profile, support contacts included. */
export const getProviderProfile: Handler<typeof operations.getProviderProfile> = async (
  _input,
  ctx,
) => loadProviderProfile(ctx.db, accountCaller(ctx).accountId);
