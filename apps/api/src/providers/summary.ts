import type { ProviderSummary } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import { listedOfferingSql } from '../offerings/listed';
import { ONLINE_WINDOW_SECONDS } from '../offerings/store';

/**
 * The public summary of a provider, by username or account id, or `undefined` when that
 * account is not a provider. `listed_offerings` counts listed offerings (spec §1); `online`
 * means an agent of any of its pools reported within the last {@link ONLINE_WINDOW_SECONDS}
 * seconds; `trust_score` stays null until the trust job fills it.
 */
export async function loadProviderSummary(
  db: Kysely<Database>,
  who: { readonly username: string } | { readonly accountId: string },
): Promise<z.input<typeof ProviderSummary> | undefined> {
  const query = db
    .selectFrom('providers as pr')
    .innerJoin('accounts as a', 'a.id', 'pr.account_id')
    .select((eb) => [
      'a.username',
      'pr.legal_name',
      'pr.display_name',
      'pr.country',
      'pr.trust_score',
      'pr.created_at',
      eb
        .selectFrom('offerings as o')
        .leftJoin('pools as p', 'p.id', 'o.pool_id')
        .select((inner) => inner.fn.countAll<bigint>().as('n'))
        .whereRef('o.provider_id', '=', 'pr.account_id')
        .where(listedOfferingSql)
        .as('listed_offerings'),
      eb
        .exists(
          eb
            .selectFrom('pools as pl')
            .select(sql<number>`1`.as('one'))
            .whereRef('pl.provider_id', '=', 'pr.account_id')
            .where(
              sql<boolean>`pl.last_heartbeat_at > now() - make_interval(secs => ${ONLINE_WINDOW_SECONDS})`,
            ),
        )
        .as('online'),
    ]);
  const row = await ('username' in who
    ? query.where('a.username', '=', who.username)
    : query.where('pr.account_id', '=', who.accountId)
  ).executeTakeFirst();
  if (!row) return undefined;
  return {
    username: row.username,
    legal_name: row.legal_name,
    display_name: row.display_name,
    country: row.country,
    listed_offerings: Number(row.listed_offerings ?? 0),
    online: Boolean(row.online),
    trust_score: row.trust_score === null ? null : Number(row.trust_score),
    member_since: row.created_at.toISOString(),
  };
}
