import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { JOBS_CHANNEL } from '../wakeups/channel';

/**
 * The wake-up key of the notification worker on the jobs channel (agent queue keys look like
 * `<provider id>:<pool id>`, so agents never wake for it).
 */
export const NOTIFICATIONS_WAKEUP = 'notifications:deliveries';

/**
 * Wakes every instance's notification worker once `db`'s transaction commits (`pg_notify` is
 * delivered at COMMIT and dropped on ROLLBACK), so a notification leaves right after its cause
 * is visible instead of at the next poll.
 */
export async function notifyDeliveriesDue(db: Kysely<Database>): Promise<void> {
  await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${NOTIFICATIONS_WAKEUP})`.execute(db);
}
