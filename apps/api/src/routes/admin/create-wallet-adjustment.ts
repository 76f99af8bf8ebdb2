import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';
import { ledgerEntryView, ledgerRow } from '../../wallet/entry-view';
import { postWalletEntry } from '../../wallet/post-entry';

/**
 * `POST /v1/admin/wallet-adjustments`: an admin credits or debits an account's wallet. A debit
 * never takes the balance below zero (402 `insufficient_funds`); the reason and the admin are
 * kept in the ledger row's memo.
 */
export const createWalletAdjustment: Handler<typeof operations.createWalletAdjustment> = async (
  { body },
  ctx,
) => {
  const admin = accountCaller(ctx);
  const account = await ctx.db
    .selectFrom('accounts')
    .select('id')
    .where('username', '=', body.username)
    .executeTakeFirst();
  if (account === undefined) {
    throw new HttpProblem(422, 'validation_failed', `No account is named "${body.username}".`, {
      errors: [{ path: 'body.username', message: 'no account has this username' }],
    });
  }
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const posted = await postWalletEntry(trx, {
      accountId: account.id,
      currency: body.currency,
      amount: BigInt(body.amount),
      kind: 'adjustment',
      idempotencyKey: `adjustment:${account.id}:${body.idempotency_key}`,
      reference: `admin:${admin.username}`,
      memo: body.reason,
      now,
    });
    return {
      username: body.username,
      entry: ledgerEntryView(await ledgerRow(trx, posted.ledgerId)),
    };
  });
};
