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
