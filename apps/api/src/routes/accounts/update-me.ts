import type { operations } from '@dc/client';
import type { Updateable } from 'kysely';
import { loadAccount } from '../../accounts/account-view';
import { accountCaller } from '../../accounts/caller';
import {
  type PendingEmailCode,
  sendEmailCode,
  startEmailVerification,
} from '../../accounts/email-verification';
import type { AccountsTable } from '../../db/schema';
import type { Handler } from '../../http/mount';
import { notFound } from '../../http/problem';

/**
 * `PATCH /v1/me`: absent fields stay as they are, `null` clears. A new email starts unverified
 * and is mailed a code; sending the current, still unverified email again mails a new code
 * (the way to get one after a lost email or too many attempts). `email: null` removes the
 * address and any pending code.
 */
export const updateMe: Handler<typeof operations.updateMe> = async ({ body }, ctx) => {
  const { accountId } = accountCaller(ctx);
  const now = ctx.services.now();
  const pending = await ctx.db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('accounts')
      .select(['email', 'email_verified_at'])
      .where('id', '=', accountId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('Account');
    const changes: Updateable<AccountsTable> = { updated_at: now };
    if (body.display_name !== undefined) changes.display_name = body.display_name;
    let code: PendingEmailCode | undefined;
    if (body.email === null) {
      changes.email = null;
      changes.email_verified_at = null;
      await trx.deleteFrom('email_verifications').where('account_id', '=', accountId).execute();
    } else if (
      body.email !== undefined &&
      (body.email !== current.email || current.email_verified_at === null)
    ) {
      changes.email = body.email;
      changes.email_verified_at = null;
      code = await startEmailVerification(trx, accountId, body.email, now);
    }
    await trx.updateTable('accounts').set(changes).where('id', '=', accountId).execute();
    return code;
  });
  if (pending) await sendEmailCode(ctx.services.mailer, ctx.log, pending);
  return loadAccount(ctx.db, accountId, ctx.config.DC_ADMIN_USERNAMES);
};
