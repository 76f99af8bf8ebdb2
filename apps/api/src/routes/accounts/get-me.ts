import type { operations } from '@dc/client';
import { loadAccount } from '../../accounts/account-view';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';

/** `GET /v1/me`: the signed-in account, email and flags included. */
export const getMe: Handler<typeof operations.getMe> = async (_input, ctx) =>
  loadAccount(ctx.db, accountCaller(ctx).accountId, ctx.config.DC_ADMIN_USERNAMES);
