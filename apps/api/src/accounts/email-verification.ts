import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema';
import type { Mailer } from '../mail/mailer';

/** A code is valid for 24 hours. */
export const EMAIL_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** Wrong guesses allowed per code; then only a new code (PATCH /v1/me with the email) helps. */
export const EMAIL_CODE_MAX_ATTEMPTS = 5;

/**
 * Only this hash is stored. It binds the account and the address, so a code cannot confirm
 * another address. Six digits are easy to brute-force offline; the hash only keeps the codes
 * out of database dumps and backups, and the attempt limit is what protects the live check.
 */
export function hashEmailCode(accountId: string, email: string, code: string): string {
  return createHash('sha256')
    .update(`DC-EMAIL-CODE-V1\n${accountId}\n${email}\n${code}`)
    .digest('hex');
}

/** Constant-time comparison of a guess with the stored hash. */
export function emailCodeMatches(
  storedHash: string,
  accountId: string,
  email: string,
  code: string,
): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashEmailCode(accountId, email, code), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A fresh pending verification, to mail once the transaction that stored it has committed. */
export interface PendingEmailCode {
  readonly email: string;
  readonly code: string;
  readonly expiresAt: Date;
}

/**
 * Replaces any pending code of the account with a new one for `email` (attempts reset) and
 * returns the code to send. Must run in the transaction that sets the account's email.
 */
export async function startEmailVerification(
  trx: Transaction<Database> | Kysely<Database>,
  accountId: string,
  email: string,
  now: Date,
): Promise<PendingEmailCode> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + EMAIL_CODE_TTL_MS);
  const row = {
    email,
    code_hash: hashEmailCode(accountId, email, code),
    attempts: 0,
    expires_at: expiresAt,
    created_at: now,
  };
  await trx
    .insertInto('email_verifications')
    .values({ account_id: accountId, ...row })
    .onConflict((conflict) => conflict.column('account_id').doUpdateSet(row))
    .execute();
  return { email, code, expiresAt };
}

/**
 * Mails the code. A failure is logged (without the code) and not thrown: the account change is
 * already committed, and the owner can ask for a new code with PATCH /v1/me and the same email.
 */
export async function sendEmailCode(
  mailer: Mailer,
  log: Logger,
  pending: PendingEmailCode,
): Promise<void> {
  try {
    await mailer.send({
      to: pending.email,
      // The code stays out of the subject, which notification previews and mail logs show.
      subject: 'Confirm your email address for Decent Cloud',
      text: [
        'Your Decent Cloud verification code:',
        '',
        `    ${pending.code}`,
        '',
        `It expires at ${pending.expiresAt.toISOString()} and allows ${EMAIL_CODE_MAX_ATTEMPTS} attempts.`,
        'Enter it with POST /v1/me/email/verify. If you did not ask for it, ignore this email.',
      ].join('\r\n'),
    });
  } catch (error) {
    log.warn({ err: error }, 'verification email not sent');
  }
}
