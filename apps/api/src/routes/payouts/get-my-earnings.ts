import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { loadBalances } from '../../earnings/balances';
import { balanceView } from '../../earnings/view';
import type { Handler } from '../../http/mount';

/** `GET /v1/provider/earnings`: the caller's balance per currency. */
export const getMyEarnings: Handler<typeof operations.getMyEarnings> = async (_input, ctx) => {
  const balances = await loadBalances(ctx.db, { providerId: accountCaller(ctx).accountId });
  return { balances: balances.map(balanceView) };
};
