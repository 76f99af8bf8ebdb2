import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/feedback';
import { action } from './define-action';

/** The renter's feedback on an ended, delivered contract. `POST /v1/contracts/{id}/feedback` */
export const submitContractFeedback = action(ops.submitContractFeedback);
export type SubmitContractFeedbackParameters = OperationParameters<
  typeof ops.submitContractFeedback
>;
export type SubmitContractFeedbackReturnType = OperationResult<typeof ops.submitContractFeedback>;

/** A contract's feedback. `GET /v1/contracts/{id}/feedback` */
export const getContractFeedback = action(ops.getContractFeedback);
export type GetContractFeedbackParameters = OperationParameters<typeof ops.getContractFeedback>;
export type GetContractFeedbackReturnType = OperationResult<typeof ops.getContractFeedback>;
