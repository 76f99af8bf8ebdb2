/** The PostgreSQL notification channel job enqueues are announced on. */
export const JOBS_CHANNEL = 'dc_jobs';

/**
 * The queue a notification is about: `<provider id>:<pool id>` (the pool part empty for jobs of
 * no pool). Agents wait on exactly the queue they may lease from.
 */
export function queueKey(providerId: string, poolId: string | null): string {
  return `${providerId}:${poolId ?? ''}`;
}
