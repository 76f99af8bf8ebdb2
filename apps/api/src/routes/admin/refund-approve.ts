import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { approveRefund as approve } from '../../payments/refunds/decide';
import { refundView } from '../../payments/refunds/view';

/**
 * `POST /v1/admin/refunds/{id}/approve`: a refund awaiting approval (or a failed one) goes back
 * to pending; the refund executor makes it right after this commits.
 */
export const approveRefund: Handler<typeof operations.approveRefund> = async (
  { params, body },
  ctx,
) => {
  const admin = accountCaller(ctx);
  const now = ctx.services.now();
  const refund = await ctx.db
    .transaction()
    .execute((trx) =>
      approve(trx, params.id, { admin: admin.username, note: body.note ?? null, now }),
    );
  return refundView(refund);
};
