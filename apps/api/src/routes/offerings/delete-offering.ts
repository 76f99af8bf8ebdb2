import type { operations } from '@dc/client';
import { sql } from 'kysely';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';
import { scheduleMarketRefresh } from '../../offerings/market';

/**
 * `DELETE /v1/provider/offerings/{id}`: a soft delete. The row stays (contracts point at it and
 * keep their own snapshot) but the offering disappears from every read and frees its slug.
 * Another provider's offering, or one already deleted, is a 404.
 */
export const deleteOffering: Handler<typeof operations.deleteOffering> = async (
  { params },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const deleted = await ctx.db
    .updateTable('offerings')
    .set({ deleted_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
    .where('id', '=', params.id)
    .where('provider_id', '=', caller.accountId)
    .where('deleted_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!deleted) throw notFound('Offering');
  scheduleMarketRefresh(ctx.db, ctx.log);
};
