import { AdminAccountPage, AdminAccountQuery } from '../schemas/admin-account';
import { WalletAdjustment, WalletAdjustmentBody } from '../schemas/wallet';
import { defineOperation } from './define';

const tag = 'admin';

export const createWalletAdjustment = defineOperation('createWalletAdjustment', {
  method: 'POST',
  path: '/v1/admin/wallet-adjustments',
  auth: 'admin',
  tag,
  summary: "Credit or debit an account's wallet (signed minor units) with a reason",
  body: WalletAdjustmentBody,
  response: WalletAdjustment,
  status: 201,
});

export const listAccounts = defineOperation('listAccounts', {
  method: 'GET',
  path: '/v1/admin/accounts',
  auth: 'admin',
  tag,
  summary: 'Accounts by username, optionally by username prefix, with their wallet balances',
  description:
    'Admins only, by signature (API tokens cannot list accounts). Shows no keys, tokens or email.',
  query: AdminAccountQuery,
  response: AdminAccountPage,
});
