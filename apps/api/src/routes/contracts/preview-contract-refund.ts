import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { contractAs, partyActor } from '../../contracts/access';
import { previewCancel } from '../../contracts/cancel-preview';
import type { Handler } from '../../http/mount';

/** `GET /v1/contracts/{id}/refund-preview`: exactly what the renter's cancel would refund now. */
export const previewContractRefund: Handler<typeof operations.previewContractRefund> = async (
  { params },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  const contract = await contractAs(ctx.db, params.id, caller, 'renter', 'preview its refund');
  const preview = await previewCancel(ctx.db, contract, partyActor(caller, 'renter'), now);
  return {
    cancellable: preview.cancellable,
    reason: preview.reason,
    currency: contract.currency,
    refund: Number(preview.refund),
    refund_vat: Number(preview.refundVat),
    consumed: Number(preview.consumed),
    paid: Number(contract.paid),
    refunded: Number(contract.refunded),
    as_of: now.toISOString(),
  };
};
