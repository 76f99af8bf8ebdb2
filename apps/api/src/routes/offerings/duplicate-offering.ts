import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { ownOffering } from '../../offerings/access';
import {
  allowListsOf,
  findOfferingBySlug,
  findOfferingView,
  insertOffering,
  offeringToResponse,
  offeringValuesOf,
  slugTaken,
} from '../../offerings/store';

/**
 * `POST /v1/provider/offerings/{id}/duplicate`: a copy of one of the caller's offerings, allow-
 * list included, under `slug`, always as a draft (a copy is a starting point, never listed by
 * accident). Not listed, so the market prices need no refresh.
 */
export const duplicateOffering: Handler<typeof operations.duplicateOffering> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const source = await ownOffering(trx, caller.accountId, params.id);
    const allowList = (await allowListsOf(trx, [source.id])).get(source.id) ?? [];
    if (await findOfferingBySlug(trx, caller.accountId, body.slug)) throw slugTaken(body.slug);
    const values = { ...offeringValuesOf(source, allowList), slug: body.slug, draft: true };
    const row = await insertOffering(trx, caller.accountId, values);
    const view = await findOfferingView(trx, row.id);
    if (!view) throw new Error(`offering ${row.id} vanished inside its own transaction`);
    return offeringToResponse(view, allowList, 'owner');
  });
};
