import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { confirmBatch } from '../../payouts/decide';
import { loadBatchDetail } from '../../payouts/view';

/** `POST /v1/admin/payouts/{id}/confirm`: a sent manual batch is paid (its reference). */
export const confirmPayoutBatch: Handler<typeof operations.confirmPayoutBatch> = async (
  { params, body },
  ctx,
) => {
  const actor = { admin: accountCaller(ctx).username, now: ctx.services.now() };
  await ctx.db
    .transaction()
    .execute((trx) => confirmBatch(trx, params.id, body.external_reference, actor));
  return loadBatchDetail(ctx.db, params.id);
};
