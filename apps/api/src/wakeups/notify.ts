import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { JOBS_CHANNEL, queueKey } from './channel';

/**
 * Wakes agents waiting for work in `poolId` of `providerId` once the enqueuing transaction
 * commits. `pg_notify` inside a transaction is delivered at COMMIT and dropped on ROLLBACK, on
 * PostgreSQL and on PGlite alike, so a waiting agent never wakes for a job it cannot see yet.
 */
export async function notifyJobEnqueued(
  trx: Kysely<Database>,
  providerId: string,
  poolId: string | null,
): Promise<void> {
  await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${queueKey(providerId, poolId)})`.execute(trx);
}
