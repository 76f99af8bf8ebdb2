import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { JobRow } from './claim';

/**
 * Ends a held job as `completed` or `failed`. The lease id and fencing token stay on the row
 * (evidence of who finished it); the expiry is cleared so nothing can claim it again.
 */
export async function finishJob(
  trx: Transaction<Database>,
  jobId: string,
  status: 'completed' | 'failed',
  now: Date,
  details: { readonly result?: unknown; readonly error?: string },
): Promise<JobRow> {
  return trx
    .updateTable('jobs')
    .set({
      status,
      lease_expires_at: null,
      ...(details.result === undefined ? {} : { result: JSON.stringify(details.result) }),
      ...(details.error === undefined ? {} : { last_error: details.error }),
      updated_at: now,
    })
    .where('id', '=', jobId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
