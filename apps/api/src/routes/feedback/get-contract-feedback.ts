import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import { findFeedbackView } from '../../feedback/view';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';

/** `GET /v1/contracts/{id}/feedback`: for the contract's renter, its provider or an admin. */
export const getContractFeedback: Handler<typeof operations.getContractFeedback> = async (
  { params },
  ctx,
) => {
  const { contract } = await partyContract(ctx.db, params.id, accountCaller(ctx));
  const feedback = await findFeedbackView(ctx.db, contract.id);
  if (feedback === undefined) {
    throw new HttpProblem(
      404,
      'feedback_not_found',
      'No feedback for this contract yet; its renter may answer once the delivered contract has ended.',
    );
  }
  return feedback;
};
