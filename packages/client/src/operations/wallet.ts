import {
  SandboxTopUpBody,
  Wallet,
  WalletLedgerEntry,
  WalletLedgerPage,
  WalletLedgerQuery,
} from '../schemas/wallet';
import { defineOperation } from './define';

const tag = 'wallet';

export const getWallet = defineOperation('getWallet', {
  method: 'GET',
  path: '/v1/wallet',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The caller's wallet balances, one per currency",
  response: Wallet,
});

export const listWalletLedger = defineOperation('listWalletLedger', {
  method: 'GET',
  path: '/v1/wallet/ledger',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The caller's wallet ledger, newest first",
  query: WalletLedgerQuery,
  response: WalletLedgerPage,
});

export const sandboxTopUp = defineOperation('sandboxTopUp', {
  method: 'POST',
  path: '/v1/wallet/sandbox-top-up',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Add test money to the wallet (sandbox mode only; 403 sandbox_only otherwise)',
  body: SandboxTopUpBody,
  response: WalletLedgerEntry,
  status: 201,
});
