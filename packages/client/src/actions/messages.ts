import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/messages';
import { action } from './define-action';

/** A contract's message thread. `GET /v1/contracts/{id}/messages` */
export const listContractMessages = action(ops.listContractMessages);
export type ListContractMessagesParameters = OperationParameters<typeof ops.listContractMessages>;
export type ListContractMessagesReturnType = OperationResult<typeof ops.listContractMessages>;

/** Write in a contract's thread. `POST /v1/contracts/{id}/messages` */
export const postContractMessage = action(ops.postContractMessage);
export type PostContractMessageParameters = OperationParameters<typeof ops.postContractMessage>;
export type PostContractMessageReturnType = OperationResult<typeof ops.postContractMessage>;

/** Every participant's read receipt. `GET /v1/contracts/{id}/read-receipts` */
export const getContractReadReceipts = action(ops.getContractReadReceipts);
export type GetContractReadReceiptsParameters = OperationParameters<
  typeof ops.getContractReadReceipts
>;
export type GetContractReadReceiptsReturnType = OperationResult<typeof ops.getContractReadReceipts>;

/** Mark a thread read up to a message. `POST /v1/contracts/{id}/read-receipts` */
export const markContractMessagesRead = action(ops.markContractMessagesRead);
export type MarkContractMessagesReadParameters = OperationParameters<
  typeof ops.markContractMessagesRead
>;
export type MarkContractMessagesReadReturnType = OperationResult<
  typeof ops.markContractMessagesRead
>;

/** The caller's Chatwoot mirror. `GET /v1/provider/chatwoot` */
export const getChatwootSettings = action(ops.getChatwootSettings);
export type GetChatwootSettingsParameters = OperationParameters<typeof ops.getChatwootSettings>;
export type GetChatwootSettingsReturnType = OperationResult<typeof ops.getChatwootSettings>;

/** Set up the Chatwoot mirror. `PUT /v1/provider/chatwoot` */
export const putChatwootSettings = action(ops.putChatwootSettings);
export type PutChatwootSettingsParameters = OperationParameters<typeof ops.putChatwootSettings>;
export type PutChatwootSettingsReturnType = OperationResult<typeof ops.putChatwootSettings>;

/** Stop the Chatwoot mirror. `DELETE /v1/provider/chatwoot` */
export const deleteChatwootSettings = action(ops.deleteChatwootSettings);
export type DeleteChatwootSettingsParameters = OperationParameters<
  typeof ops.deleteChatwootSettings
>;
export type DeleteChatwootSettingsReturnType = OperationResult<typeof ops.deleteChatwootSettings>;
