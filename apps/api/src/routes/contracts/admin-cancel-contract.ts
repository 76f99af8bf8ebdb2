import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { partyActor } from '../../contracts/access';
import { applyContractEvent } from '../../contracts/apply-event';
import { contractView } from '../../contracts/view';
import type { Handler } from '../../http/mount';

/**
 * `POST /v1/admin/contracts/{id}/cancel`: an admin ends any non-terminal contract with a refund
 * of their choice; the state machine caps it at what is refundable (422 above it).
 */
export const adminCancelContract: Handler<typeof operations.adminCancelContract> = async (
  { params, body },
  ctx,
) => {
  const admin = accountCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const applied = await applyContractEvent(trx, {
      contractId: params.id,
      event: { type: 'admin_cancel', reason: body.reason, refund: BigInt(body.refund_amount) },
      actor: partyActor(admin, 'admin'),
      now,
    });
    return {
      contract: await contractView(trx, applied.contract),
      refund: Number(applied.refund?.amount ?? 0n),
      refund_vat: Number(applied.refund?.vat ?? 0n),
    };
  });
};
