// Handlers of the admin operations; one file per operation.
export { createWalletAdjustment } from './create-wallet-adjustment';
export { approveRefund } from './refund-approve';
export { listRefunds } from './refund-list';
export { rejectRefund } from './refund-reject';
