import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { approveBatch } from '../../payouts/decide';
import { loadBatchDetail } from '../../payouts/view';

/** `POST /v1/admin/payouts/{id}/approve`: draft -> approved. */
export const approvePayoutBatch: Handler<typeof operations.approvePayoutBatch> = async (
  { params },
  ctx,
) => {
  const actor = { admin: accountCaller(ctx).username, now: ctx.services.now() };
  await ctx.db.transaction().execute((trx) => approveBatch(trx, params.id, actor));
  return loadBatchDetail(ctx.db, params.id);
};
