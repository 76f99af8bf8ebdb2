// Handlers of the contract thread, read receipt and Chatwoot mirror operations; one file each.
export { deleteChatwootSettings } from './delete-chatwoot-settings';
export { getChatwootSettings } from './get-chatwoot-settings';
export { getContractReadReceipts } from './get-contract-read-receipts';
export { listContractMessages } from './list-contract-messages';
export { markContractMessagesRead } from './mark-contract-messages-read';
export { postContractMessage } from './post-contract-message';
export { putChatwootSettings } from './put-chatwoot-settings';
