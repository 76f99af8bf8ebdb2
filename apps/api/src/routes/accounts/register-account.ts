import type { operations } from '@dc/client';
import { loadAccount } from '../../accounts/account-view';
import {
  type PendingEmailCode,
  sendEmailCode,
  startEmailVerification,
} from '../../accounts/email-verification';
import type { Handler } from '../../http/mount';
import { conflict, HttpProblem } from '../../http/problem';

/**
 * `POST /v1/accounts`: the signing key becomes the new account's first key. A key an account
 * already holds is refused (409 `key_already_registered`), as is a taken username (409
 * `username_taken`). With an email, a 6-digit code is mailed and only its hash stored.
 */
export const registerAccount: Handler<typeof operations.registerAccount> = async (
  { body },
  ctx,
) => {
  const caller = ctx.caller;
  if (caller?.kind === 'account') {
    throw conflict(
      'key_already_registered',
      'This key already belongs to an account; sign with a new key to register another one.',
    );
  }
  if (caller?.kind !== 'key') {
    throw new HttpProblem(
      401,
      'authentication_required',
      'Sign the request with the key the account will use.',
    );
  }
  const now = ctx.services.now();
  const { accountId, pending } = await ctx.db.transaction().execute(async (trx) => {
    // ON CONFLICT DO NOTHING rather than a prior SELECT: two concurrent registrations of one
    // name both reach the insert, and exactly one gets a row back.
    const account = await trx
      .insertInto('accounts')
      .values({
        username: body.username,
        display_name: body.display_name ?? null,
        email: body.email ?? null,
        email_verified_at: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('username').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!account) {
      throw conflict(
        'username_taken',
        `The username "${body.username}" is taken; choose another.`,
        [{ path: 'body.username', message: 'is taken' }],
      );
    }
    const key = await trx
      .insertInto('account_keys')
      .values({
        public_key: caller.publicKey,
        account_id: account.id,
        label: null,
        created_at: now,
        revoked_at: null,
        last_used_at: null,
      })
      .onConflict((oc) => oc.column('public_key').doNothing())
      .returning('public_key')
      .executeTakeFirst();
    if (!key) {
      // Registered by a concurrent request between authentication and here.
      throw conflict(
        'key_already_registered',
        'This key already belongs to an account; sign with a new key to register another one.',
      );
    }
    let code: PendingEmailCode | undefined;
    if (body.email !== undefined)
      code = await startEmailVerification(trx, account.id, body.email, now);
    return { accountId: account.id, pending: code };
  });
  if (pending) await sendEmailCode(ctx.services.mailer, ctx.log, pending);
  return loadAccount(ctx.db, accountId, ctx.config.DC_ADMIN_USERNAMES);
};
