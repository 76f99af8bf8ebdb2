import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { createCheckedOffering } from '../../offerings/create';
import { scheduleMarketRefresh } from '../../offerings/market';
import { allowListsOf, findOfferingView, offeringToResponse } from '../../offerings/store';

/**
 * `POST /v1/provider/offerings`. The mount has checked the body with `OfferingInput`; here the
 * checks that need the database (pool, provisioner config, allow-list accounts, slug) run and
 * the offering and its allow-list are written in one transaction, so a refused offering leaves
 * nothing behind.
 */
export const createOffering: Handler<typeof operations.createOffering> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  const offering = await ctx.db.transaction().execute(async (trx) => {
    const row = await createCheckedOffering(trx, caller.accountId, body);
    const view = await findOfferingView(trx, row.id);
    if (!view) throw new Error(`offering ${row.id} vanished inside its own transaction`);
    const allowList = (await allowListsOf(trx, [row.id])).get(row.id) ?? [];
    return offeringToResponse(view, allowList, 'owner');
  });
  scheduleMarketRefresh(ctx.db, ctx.log);
  return offering;
};
