import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';

/** A provider found by username. */
export interface ProviderIdentity {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
}

/** The provider with `username`, or 404 (an account that is not a provider is not found). */
export async function providerByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<ProviderIdentity> {
  const row = await db
    .selectFrom('providers as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.account_id', 'a.username', 'p.display_name'])
    .where('a.username', '=', username)
    .executeTakeFirst();
  if (row === undefined) throw notFound('Provider');
  return { id: row.account_id, username: row.username, displayName: row.display_name };
}

/** When the trust job last ran (the horizon of every stored uptime figure), or null. */
export async function trustComputedAt(db: Kysely<Database>): Promise<Date | null> {
  const state = await db.selectFrom('trust_job_state').select('computed_at').executeTakeFirst();
  return state?.computed_at ?? null;
}
