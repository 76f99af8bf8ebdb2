import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { submitFeedback } from '../../feedback/submit';
import { findFeedbackView } from '../../feedback/view';
import type { Handler } from '../../http/mount';

/** `POST /v1/contracts/{id}/feedback`: the renter's answers, once, after a delivered contract ended. */
export const submitContractFeedback: Handler<typeof operations.submitContractFeedback> = async (
  { params, body },
  ctx,
) => {
  await submitFeedback(ctx.db, {
    contractId: params.id,
    caller: accountCaller(ctx),
    answers: body,
    at: ctx.services.now(),
  });
  const feedback = await findFeedbackView(ctx.db, params.id);
  if (feedback === undefined) throw new Error(`feedback of ${params.id} vanished after insert`);
  return feedback;
};
