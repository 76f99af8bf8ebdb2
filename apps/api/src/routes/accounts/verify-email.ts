import type { operations } from '@dc/client';
import { sql } from 'kysely';
import { loadAccount } from '../../accounts/account-view';
import { accountCaller } from '../../accounts/caller';
import { EMAIL_CODE_MAX_ATTEMPTS, emailCodeMatches } from '../../accounts/email-verification';
import type { Handler } from '../../http/mount';
import { conflict, HttpProblem } from '../../http/problem';

const codeField = (message: string) => [{ path: 'body.code', message }];

/**
 * `POST /v1/me/email/verify`. Answers, in the order checked:
 * - 409 `email_already_verified` / `no_pending_verification`: nothing to confirm;
 * - 409 `too_many_attempts`: the code is spent after {@link EMAIL_CODE_MAX_ATTEMPTS} wrong
 *   guesses. 409, not 429: waiting does not help, only a new code (PATCH /v1/me with the email);
 * - 422 `code_expired`: older than 24 hours; ask for a new code the same way;
 * - 422 `wrong_code`: the detail says how many attempts are left.
 * Every guess is counted before it is compared, so parallel guesses cannot exceed the limit.
 */
export const verifyEmail: Handler<typeof operations.verifyEmail> = async ({ body }, ctx) => {
  const { accountId } = accountCaller(ctx);
  const now = ctx.services.now();
  const account = await ctx.db
    .selectFrom('accounts as a')
    .leftJoin('email_verifications as v', 'v.account_id', 'a.id')
    .select([
      'a.email',
      'a.email_verified_at',
      'v.email as pending_email',
      'v.code_hash',
      'v.attempts',
      'v.expires_at',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirstOrThrow();
  const { email, code_hash: codeHash, attempts, expires_at: expiresAt } = account;
  if (email !== null && account.email_verified_at !== null) {
    throw conflict('email_already_verified', `${email} is already verified.`);
  }
  if (
    email === null ||
    codeHash === null ||
    attempts === null ||
    expiresAt === null ||
    account.pending_email !== email
  ) {
    throw conflict(
      'no_pending_verification',
      'No code is pending; set your email with PATCH /v1/me to be sent one.',
    );
  }
  const renew = `Ask for a new code by sending PATCH /v1/me with {"email": "${email}"}.`;
  if (attempts >= EMAIL_CODE_MAX_ATTEMPTS) {
    throw conflict(
      'too_many_attempts',
      `This code had ${EMAIL_CODE_MAX_ATTEMPTS} wrong attempts and no longer works. ${renew}`,
    );
  }
  if (expiresAt.getTime() <= now.getTime()) {
    throw new HttpProblem(
      422,
      'code_expired',
      `This code expired at ${expiresAt.toISOString()}. ${renew}`,
      {
        errors: codeField('has expired'),
      },
    );
  }
  const counted = await ctx.db
    .updateTable('email_verifications')
    .set({ attempts: sql<number>`attempts + 1` })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', codeHash)
    .where('attempts', '<', EMAIL_CODE_MAX_ATTEMPTS)
    .returning('attempts')
    .executeTakeFirst();
  if (!counted) {
    // A parallel guess used the last attempt, or a new code replaced this one meanwhile.
    throw conflict('too_many_attempts', `This code no longer works. ${renew}`);
  }
  if (!emailCodeMatches(codeHash, accountId, email, body.code)) {
    const left = EMAIL_CODE_MAX_ATTEMPTS - counted.attempts;
    throw new HttpProblem(
      422,
      'wrong_code',
      left > 0
        ? `Wrong code; ${left} attempt${left === 1 ? '' : 's'} left.`
        : `Wrong code; no attempts left. ${renew}`,
      { errors: codeField(`does not match the emailed code (${left} attempts left)`) },
    );
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('accounts')
      .set({ email_verified_at: now, updated_at: now })
      .where('id', '=', accountId)
      .where('email', '=', email)
      .execute();
    // Only this code: a new one sent meanwhile (for another address) stays pending.
    await trx
      .deleteFrom('email_verifications')
      .where('account_id', '=', accountId)
      .where('code_hash', '=', codeHash)
      .execute();
  });
  return loadAccount(ctx.db, accountId, ctx.config.DC_ADMIN_USERNAMES);
};
