import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { JOBS_CHANNEL } from '../wakeups/channel';

/**
 * The wake-up key of the refund executor on the jobs channel: no agent queue key looks like
 * it (those are `<provider id>:<pool id>`), so agents never wake for it.
 */
export const REFUNDS_WAKEUP = 'payments:refunds';

/**
 * Wakes every instance's refund executor once `trx` commits (`pg_notify` inside a transaction
 * is delivered at COMMIT and dropped on ROLLBACK), so a recorded card refund is carried out
 * right after the status change that recorded it, never before it is visible.
 */
export async function notifyRefundDue(trx: Kysely<Database>): Promise<void> {
  await sql`SELECT pg_notify(${JOBS_CHANNEL}, ${REFUNDS_WAKEUP})`.execute(trx);
}
