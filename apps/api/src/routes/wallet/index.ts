// Handlers of the wallet operations; one file per operation.
export { getWallet } from './get-wallet';
export { listWalletLedger } from './list-wallet-ledger';
export { sandboxTopUp } from './sandbox-top-up';
