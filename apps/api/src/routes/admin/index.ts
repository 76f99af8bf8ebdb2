// Handlers of the admin operations; one file per operation.
export { createWalletAdjustment } from './create-wallet-adjustment';
