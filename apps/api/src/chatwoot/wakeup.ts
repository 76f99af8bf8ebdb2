import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { JOBS_CHANNEL } from '../wakeups/channel';

/**
 * The wake-up key of the Chatwoot mirror worker on the jobs channel (no agent queue key, which
 * is `<provider id>:<pool id>`, looks like it).
 */
export const CHATWOOT_WAKEUP = 'chatwoot:mirror';

/** Wakes every instance's mirror worker once `trx` commits (dropped on rollback). */
export async function notifyChatwootDue(trx: Kysely<Database>): Promise<void> {
  await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${CHATWOOT_WAKEUP})`.execute(trx);
}
