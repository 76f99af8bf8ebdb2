import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { rejectRefund as reject } from '../../payments/refunds/decide';
import { refundView } from '../../payments/refunds/view';

/** `POST /v1/admin/refunds/{id}/reject`: the refund is not made; the reason is kept. */
export const rejectRefund: Handler<typeof operations.rejectRefund> = async (
  { params, body },
  ctx,
) => {
  const admin = accountCaller(ctx);
  const now = ctx.services.now();
  const refund = await ctx.db
    .transaction()
    .execute((trx) => reject(trx, params.id, { admin: admin.username, note: body.reason, now }));
  return refundView(refund);
};
