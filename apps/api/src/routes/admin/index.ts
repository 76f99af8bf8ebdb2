// Handlers of the admin operations; one file per operation.
export { createWalletAdjustment } from './create-wallet-adjustment';
export { listAccounts } from './list-accounts';
export { listPaymentAlerts } from './list-payment-alerts';
export { approveRefund } from './refund-approve';
export { listRefunds } from './refund-list';
export { rejectRefund } from './refund-reject';
export { releaseHeldPayment } from './release-held-payment';
