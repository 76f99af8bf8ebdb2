// Handlers of the payments operations; one file per operation. The admin refund handlers are in
// routes/admin (refund-*.ts); the Stripe webhook is mounted separately (stripe-webhook.ts), as
// it is not a client operation.
export { createContractCheckout } from './create-contract-checkout';
export { createExtensionCheckout } from './create-extension-checkout';
export { createWalletTopUp } from './create-wallet-top-up';
export { getPayment } from './get-payment';
