import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { threadParticipant } from '../../messages/participant';
import { threadReadReceipts } from '../../messages/read-receipts';

/** `GET /v1/contracts/{id}/read-receipts`: how far each participant has read, for a party. */
export const getContractReadReceipts: Handler<typeof operations.getContractReadReceipts> = async (
  { params },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const { contract } = await threadParticipant(ctx.db, params.id, caller);
  return threadReadReceipts(ctx.db, contract.id, caller.accountId);
};
