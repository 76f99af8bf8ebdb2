// Handlers of the earnings and payout operations; one file per operation.
export { approvePayoutBatch } from './approve-payout-batch';
export { confirmPayoutBatch } from './confirm-payout-batch';
export { createPayoutBatch } from './create-payout-batch';
export { failPayoutBatch } from './fail-payout-batch';
export { getMyEarnings } from './get-my-earnings';
export { getMyPayout } from './get-my-payout';
export { getPayoutBatch } from './get-payout-batch';
export { listMyEarnings } from './list-my-earnings';
export { listMyPayouts } from './list-my-payouts';
export { listPayableBalances } from './list-payable-balances';
export { listPayoutBatches } from './list-payout-batches';
export { sendPayoutBatch } from './send-payout-batch';
