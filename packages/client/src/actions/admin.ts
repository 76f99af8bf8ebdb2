import * as ops from '../operations/admin';
import type { OperationParameters, OperationResult } from '../operations/define';
import { action } from './define-action';

/** Credit or debit an account's wallet with a reason (admin). `POST /v1/admin/wallet-adjustments` */
export const createWalletAdjustment = action(ops.createWalletAdjustment);
export type CreateWalletAdjustmentParameters = OperationParameters<
  typeof ops.createWalletAdjustment
>;
export type CreateWalletAdjustmentReturnType = OperationResult<typeof ops.createWalletAdjustment>;

/** Accounts by username prefix, with wallet balances (admin). `GET /v1/admin/accounts` */
export const listAccounts = action(ops.listAccounts);
export type ListAccountsParameters = OperationParameters<typeof ops.listAccounts>;
export type ListAccountsReturnType = OperationResult<typeof ops.listAccounts>;
