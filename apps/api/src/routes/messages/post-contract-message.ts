import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { messageAuthorship } from '../../messages/authorship';
import { threadParticipant } from '../../messages/participant';
import { postThreadMessage } from '../../messages/post';
import { findMessageView } from '../../messages/view';

/**
 * `POST /v1/contracts/{id}/messages`: a message by the contract's renter, its provider or an
 * admin, with its response wait, notification and mirror row in the same transaction.
 */
export const postContractMessage: Handler<typeof operations.postContractMessage> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const { contract, role } = await threadParticipant(ctx.db, params.id, caller);
  const { automated, via } = messageAuthorship(caller, role, body.automated);
  const { message } = await ctx.db.transaction().execute((trx) =>
    postThreadMessage(trx, {
      contract,
      authorId: caller.accountId,
      authorName: caller.username,
      role,
      text: body.text,
      attachments: body.attachments,
      automated,
      via,
      idempotencyKey: body.idempotency_key,
      at: ctx.services.now(),
    }),
  );
  return findMessageView(ctx.db, message.id);
};
