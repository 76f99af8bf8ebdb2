// Handlers of the contract feedback operations.
import { HttpProblem } from '../../http/problem';

const pending = async (): Promise<never> => {
  throw new HttpProblem(503, 'not_ready', 'Feedback is being set up on this server.');
};

export const submitContractFeedback = pending;
export const getContractFeedback = pending;
