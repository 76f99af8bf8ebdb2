import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/payouts';
import { action } from './define-action';

/** The caller's earnings per currency. `GET /v1/provider/earnings` */
export const getMyEarnings = action(ops.getMyEarnings);
export type GetMyEarningsParameters = OperationParameters<typeof ops.getMyEarnings>;
export type GetMyEarningsReturnType = OperationResult<typeof ops.getMyEarnings>;

/** The caller's earnings ledger. `GET /v1/provider/earnings/entries` */
export const listMyEarnings = action(ops.listMyEarnings);
export type ListMyEarningsParameters = OperationParameters<typeof ops.listMyEarnings>;
export type ListMyEarningsReturnType = OperationResult<typeof ops.listMyEarnings>;

/** The caller's payout batches. `GET /v1/provider/payouts` */
export const listMyPayouts = action(ops.listMyPayouts);
export type ListMyPayoutsParameters = OperationParameters<typeof ops.listMyPayouts>;
export type ListMyPayoutsReturnType = OperationResult<typeof ops.listMyPayouts>;

/** One of the caller's payout batches. `GET /v1/provider/payouts/{id}` */
export const getMyPayout = action(ops.getMyPayout);
export type GetMyPayoutParameters = OperationParameters<typeof ops.getMyPayout>;
export type GetMyPayoutReturnType = OperationResult<typeof ops.getMyPayout>;

/** Provider balances for admins. `GET /v1/admin/payout-balances` */
export const listPayableBalances = action(ops.listPayableBalances);
export type ListPayableBalancesParameters = OperationParameters<typeof ops.listPayableBalances>;
export type ListPayableBalancesReturnType = OperationResult<typeof ops.listPayableBalances>;

/** Payout batches for admins. `GET /v1/admin/payouts` */
export const listPayoutBatches = action(ops.listPayoutBatches);
export type ListPayoutBatchesParameters = OperationParameters<typeof ops.listPayoutBatches>;
export type ListPayoutBatchesReturnType = OperationResult<typeof ops.listPayoutBatches>;

/** A draft payout batch. `POST /v1/admin/payouts` */
export const createPayoutBatch = action(ops.createPayoutBatch);
export type CreatePayoutBatchParameters = OperationParameters<typeof ops.createPayoutBatch>;
export type CreatePayoutBatchReturnType = OperationResult<typeof ops.createPayoutBatch>;

/** One payout batch for admins. `GET /v1/admin/payouts/{id}` */
export const getPayoutBatch = action(ops.getPayoutBatch);
export type GetPayoutBatchParameters = OperationParameters<typeof ops.getPayoutBatch>;
export type GetPayoutBatchReturnType = OperationResult<typeof ops.getPayoutBatch>;

/** Approve a draft batch. `POST /v1/admin/payouts/{id}/approve` */
export const approvePayoutBatch = action(ops.approvePayoutBatch);
export type ApprovePayoutBatchParameters = OperationParameters<typeof ops.approvePayoutBatch>;
export type ApprovePayoutBatchReturnType = OperationResult<typeof ops.approvePayoutBatch>;

/** Send an approved batch by its rail. `POST /v1/admin/payouts/{id}/send` */
export const sendPayoutBatch = action(ops.sendPayoutBatch);
export type SendPayoutBatchParameters = OperationParameters<typeof ops.sendPayoutBatch>;
export type SendPayoutBatchReturnType = OperationResult<typeof ops.sendPayoutBatch>;

/** Confirm a sent manual batch. `POST /v1/admin/payouts/{id}/confirm` */
export const confirmPayoutBatch = action(ops.confirmPayoutBatch);
export type ConfirmPayoutBatchParameters = OperationParameters<typeof ops.confirmPayoutBatch>;
export type ConfirmPayoutBatchReturnType = OperationResult<typeof ops.confirmPayoutBatch>;

/** Fail a batch; its earnings are released. `POST /v1/admin/payouts/{id}/fail` */
export const failPayoutBatch = action(ops.failPayoutBatch);
export type FailPayoutBatchParameters = OperationParameters<typeof ops.failPayoutBatch>;
export type FailPayoutBatchReturnType = OperationResult<typeof ops.failPayoutBatch>;
