import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { threadParticipant } from '../../messages/participant';
import { markThreadRead, threadReadReceipts } from '../../messages/read-receipts';

/** `POST /v1/contracts/{id}/read-receipts`: the caller has read the thread up to `up_to`. */
export const markContractMessagesRead: Handler<typeof operations.markContractMessagesRead> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const { contract, role } = await threadParticipant(ctx.db, params.id, caller);
  await markThreadRead(ctx.db, {
    contractId: contract.id,
    accountId: caller.accountId,
    role,
    upTo: body.up_to,
    at: ctx.services.now(),
  });
  return threadReadReceipts(ctx.db, contract.id, caller.accountId);
};
