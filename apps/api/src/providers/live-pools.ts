import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The pools a provider still has: a deleted pool keeps its row (0006_pool_retirement, so its
 * contracts and history still name it) but is gone for every new use. Every query about pools
 * in use starts here, so "live" has one definition.
 */
export function livePools(db: Kysely<Database>) {
  return db.selectFrom('pools').where('pools.deleted_at', 'is', null);
}
