import { offeringsToCsv, type operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { allowListsOf, offeringValuesOf } from '../../offerings/store';

/**
 * `GET /v1/provider/offerings/export.csv`: every live offering of the caller, every field, by
 * slug. The file imports back as all `unchanged` (spec §3).
 */
export const exportOfferingsCsv: Handler<typeof operations.exportOfferingsCsv> = async (
  _input,
  ctx,
) => {
  const caller = accountCaller(ctx);
  const rows = await ctx.db
    .selectFrom('offerings')
    .selectAll()
    .where('provider_id', '=', caller.accountId)
    .where('deleted_at', 'is', null)
    .orderBy('slug')
    .execute();
  const allowLists = await allowListsOf(
    ctx.db,
    rows.map((row) => row.id),
  );
  return offeringsToCsv(rows.map((row) => offeringValuesOf(row, allowLists.get(row.id) ?? [])));
};
