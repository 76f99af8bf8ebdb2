import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { releaseHeldPayment as release } from '../../payments/release';
import { paymentView } from '../../payments/store';

/**
 * `POST /v1/admin/payments/{id}/release`: an admin applies a held payment or refunds it (see
 * `releaseHeldPayment`), recorded once with who, when and why; the card refund it records is
 * made by the refund executor right after this commits.
 */
export const releaseHeldPayment: Handler<typeof operations.releaseHeldPayment> = async (
  { params, body },
  ctx,
) => {
  const admin = accountCaller(ctx);
  const now = ctx.services.now();
  const { payment, refundIds } = await ctx.db
    .transaction()
    .execute((trx) =>
      release(trx, params.id, { action: body.action, admin: admin.username, note: body.note, now }),
    );
  ctx.log.info(
    { paymentId: payment.id, action: payment.release_action, admin: payment.released_by },
    'held payment released',
  );
  return {
    payment: paymentView(payment),
    action: payment.release_action as 'apply' | 'refund',
    released_by: payment.released_by ?? admin.username,
    released_at: (payment.released_at ?? now).toISOString(),
    note: payment.release_note ?? body.note,
    refund_ids: [...refundIds],
  };
};
