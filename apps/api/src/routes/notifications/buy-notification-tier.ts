import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { buyTier, tierPurchaseView } from '../../notifications/buy-tier';

/** `POST /v1/notifications/tiers`: buys extra daily quota from the wallet (see `buyTier`). */
export const buyNotificationTier: Handler<typeof operations.buyNotificationTier> = async (
  { body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  const { purchase } = await ctx.db
    .transaction()
    .execute((trx) => buyTier(trx, caller.accountId, body, now));
  return tierPurchaseView(purchase);
};
