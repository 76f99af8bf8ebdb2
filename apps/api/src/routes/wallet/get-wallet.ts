import type { operations } from '@dc/client';
import { currencyExponent } from '@dc/pricing';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';

/** `GET /v1/wallet`: every balance of the caller, by currency. */
export const getWallet: Handler<typeof operations.getWallet> = async (_input, ctx) => {
  const caller = accountCaller(ctx);
  const rows = await ctx.db
    .selectFrom('wallet_balances')
    .select(['currency', 'balance', 'updated_at'])
    .where('account_id', '=', caller.accountId)
    .orderBy('currency')
    .execute();
  return {
    balances: rows.map((row) => ({
      currency: row.currency,
      balance: Number(row.balance),
      currency_exponent: currencyExponent(row.currency),
      updated_at: row.updated_at.toISOString(),
    })),
  };
};
