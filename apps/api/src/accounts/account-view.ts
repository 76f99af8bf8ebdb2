import type { Account } from '@dc/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';

/**
 * The account as its owner sees it, read fresh (not from the caller snapshot taken at
 * authentication, which a handler's own writes may have outdated). `adminUsernames` are the
 * configured administrators, who are admins whatever the column says.
 */
export async function loadAccount(
  db: Kysely<Database>,
  accountId: string,
  adminUsernames: readonly string[],
): Promise<Account> {
  const row = await db
    .selectFrom('accounts as a')
    .leftJoin('providers as p', 'p.account_id', 'a.id')
    .select([
      'a.id',
      'a.username',
      'a.display_name',
      'a.email',
      'a.email_verified_at',
      'a.is_admin',
      'a.created_at',
      'p.account_id as provider',
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound('Account');
  return {
    id: row.id,
    username: row.username,
    display_name: row.display_name,
    email: row.email,
    email_verified: row.email !== null && row.email_verified_at !== null,
    is_provider: row.provider !== null,
    is_admin: row.is_admin || adminUsernames.includes(row.username),
    created_at: row.created_at.toISOString(),
  };
}
