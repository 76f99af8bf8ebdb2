// Handlers of the contract thread, read receipt and Chatwoot mirror operations.
import { HttpProblem } from '../../http/problem';

const pending = async (): Promise<never> => {
  throw new HttpProblem(503, 'not_ready', 'Messaging is being set up on this server.');
};

export const listContractMessages = pending;
export const postContractMessage = pending;
export const getContractReadReceipts = pending;
export const markContractMessagesRead = pending;
export const getChatwootSettings = pending;
export const putChatwootSettings = pending;
export const deleteChatwootSettings = pending;
