import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { failBatch } from '../../payouts/decide';
import { loadBatchDetail } from '../../payouts/view';

/** `POST /v1/admin/payouts/{id}/fail`: the batch did not pay; its earnings are released. */
export const failPayoutBatch: Handler<typeof operations.failPayoutBatch> = async (
  { params, body },
  ctx,
) => {
  const actor = { admin: accountCaller(ctx).username, now: ctx.services.now() };
  await ctx.db.transaction().execute((trx) => failBatch(trx, params.id, body.reason, actor));
  return loadBatchDetail(ctx.db, params.id);
};
