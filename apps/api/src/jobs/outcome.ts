import type { JobOutcome } from '@dc/client';
import type { z } from 'zod';
import type { JobRow } from './claim';

/** What a report answers: the job's state after it, and its contract's. */
export function jobOutcome(job: JobRow, contractStatus: string): z.input<typeof JobOutcome> {
  return {
    job_id: job.id,
    status: job.status as z.input<typeof JobOutcome>['status'],
    attempt: job.attempt,
    available_at: job.status === 'queued' ? job.available_at.toISOString() : null,
    contract_status: contractStatus,
  };
}
