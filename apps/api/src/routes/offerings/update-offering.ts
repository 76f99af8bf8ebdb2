import { fieldIssues, OfferingInput, type operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';
import { ownOffering } from '../../offerings/access';
import { scheduleMarketRefresh } from '../../offerings/market';
import {
  allowListsOf,
  findOfferingBySlug,
  findOfferingView,
  offeringToResponse,
  offeringValuesOf,
  slugTaken,
  updateOfferingRow,
  validateOfferingForProvider,
} from '../../offerings/store';

/**
 * `PATCH /v1/provider/offerings/{id}`. The patch is merged into the stored offering and the
 * result is validated whole with `OfferingInput`, so a patch cannot break a rule that spans
 * fields (`max_hours` below the stored `min_hours`); problems are reported as `body.<field>`.
 * Then the same database checks as on create. Another provider's offering is a 404.
 */
export const updateOffering: Handler<typeof operations.updateOffering> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const offering = await ctx.db.transaction().execute(async (trx) => {
    const row = await ownOffering(trx, caller.accountId, params.id);
    const stored = offeringValuesOf(row, (await allowListsOf(trx, [row.id])).get(row.id) ?? []);
    const merged = OfferingInput.safeParse({ ...stored, ...body });
    if (!merged.success) throw validationFailed(fieldIssues(merged.error.issues, 'body'));
    const values = merged.data;
    const issues = await validateOfferingForProvider(trx, caller.accountId, values);
    if (issues.length > 0) throw validationFailed(issues);
    if (
      values.slug !== row.slug &&
      (await findOfferingBySlug(trx, caller.accountId, values.slug))
    ) {
      throw slugTaken(values.slug);
    }
    await updateOfferingRow(trx, row.id, values);
    const view = await findOfferingView(trx, row.id);
    if (!view) throw new Error(`offering ${row.id} vanished inside its own transaction`);
    return offeringToResponse(view, values.allowed_accounts, 'owner');
  });
  scheduleMarketRefresh(ctx.db, ctx.log);
  return offering;
};
