import type { ProviderProfile } from '@dc/client';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';

/** The provider profile of `accountId` as its owner sees it, or 404. */
export async function loadProviderProfile(
  db: Kysely<Database>,
  accountId: string,
): Promise<z.input<typeof ProviderProfile>> {
  const row = await db
    .selectFrom('providers as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .selectAll('p')
    .select('a.username')
    .where('p.account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound('Provider profile');
  return {
    username: row.username,
    legal_name: row.legal_name,
    display_name: row.display_name,
    website: row.website,
    country: row.country,
    support_email: row.support_email,
    support_policy: row.support_policy as z.input<typeof ProviderProfile>['support_policy'],
    payout_stripe_account: row.payout_stripe_account,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
