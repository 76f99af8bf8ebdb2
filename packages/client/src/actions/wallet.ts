import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/wallet';
import { action } from './define-action';

/** The caller's balances, one per currency. `GET /v1/wallet` */
export const getWallet = action(ops.getWallet);
export type GetWalletParameters = OperationParameters<typeof ops.getWallet>;
export type GetWalletReturnType = OperationResult<typeof ops.getWallet>;

/** The caller's wallet ledger, newest first. `GET /v1/wallet/ledger` */
export const listWalletLedger = action(ops.listWalletLedger);
export type ListWalletLedgerParameters = OperationParameters<typeof ops.listWalletLedger>;
export type ListWalletLedgerReturnType = OperationResult<typeof ops.listWalletLedger>;

/** Add test money (sandbox mode only). `POST /v1/wallet/sandbox-top-up` */
export const sandboxTopUp = action(ops.sandboxTopUp);
export type SandboxTopUpParameters = OperationParameters<typeof ops.sandboxTopUp>;
export type SandboxTopUpReturnType = OperationResult<typeof ops.sandboxTopUp>;
