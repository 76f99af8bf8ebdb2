import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { sendBatch } from '../../payouts/send';
import { loadBatchDetail } from '../../payouts/view';

/** `POST /v1/admin/payouts/{id}/send`: approved -> sent, and the rail's transfer. */
export const sendPayoutBatch: Handler<typeof operations.sendPayoutBatch> = async (
  { params },
  ctx,
) => {
  await sendBatch(ctx.db, params.id, {
    config: ctx.config,
    admin: accountCaller(ctx).username,
    now: ctx.services.now,
  });
  return loadBatchDetail(ctx.db, params.id);
};
