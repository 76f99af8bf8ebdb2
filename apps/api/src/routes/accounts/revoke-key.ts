import type { operations } from '@dc/client';
import { accountCaller, requireSignature } from '../../accounts/caller';
import { ACCOUNT_KEY_COLUMNS, accountKeyView } from '../../accounts/key-view';
import { lockAccount } from '../../accounts/lock';
import type { Handler } from '../../http/mount';
import { conflict, HttpProblem } from '../../http/problem';

/**
 * `DELETE /v1/me/keys/{public_key}`. The key stops working on the next request (authentication
 * reads `revoked_at` every time). The last active key cannot be revoked (409 `last_key`): the
 * account would be locked out for good. Another account's key answers 404, as if absent.
 * Revoking a revoked key returns it unchanged.
 */
export const revokeKey: Handler<typeof operations.revokeKey> = async ({ params }, ctx) => {
  const caller = accountCaller(ctx);
  requireSignature(caller, 'Revoking a key');
  const now = ctx.services.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    // Locking the account row serialises concurrent revocations, so two requests revoking the
    // last two keys cannot both pass the last-key check.
    await lockAccount(trx, caller.accountId);
    const keys = await trx
      .selectFrom('account_keys')
      .select(['public_key', 'revoked_at'])
      .where('account_id', '=', caller.accountId)
      .execute();
    const target = keys.find((key) => key.public_key === params.public_key);
    if (!target) {
      throw new HttpProblem(404, 'not_found', 'None of your keys has this public key.');
    }
    if (target.revoked_at === null) {
      if (keys.filter((key) => key.revoked_at === null).length <= 1) {
        throw conflict(
          'last_key',
          'This is the last active key of the account; add another key before revoking it.',
        );
      }
      await trx
        .updateTable('account_keys')
        .set({ revoked_at: now })
        .where('public_key', '=', params.public_key)
        .where('account_id', '=', caller.accountId)
        .execute();
    }
    return trx
      .selectFrom('account_keys')
      .select(ACCOUNT_KEY_COLUMNS)
      .where('public_key', '=', params.public_key)
      .executeTakeFirstOrThrow();
  });
  return accountKeyView(row);
};
