import type { Logger } from 'pino';
import type { ProvisionerSet } from '../../config/provisioners';
import type { Completion, LeasedJob } from '../reporter';

/** What a job handler gets: the job, its cancellation, and the agent's provisioners. */
export interface JobContext {
  readonly job: LeasedJob;
  /** Aborted when the lease is lost or a shutdown runs out of time: stop and return. */
  readonly signal: AbortSignal;
  readonly provisioners: ProvisionerSet;
  /** Already bound to the job (job id, kind, contract id). */
  readonly logger: Logger;
}

/** What a handler decided; the runner reports it under the job's lease. */
export type JobResult =
  | {
      readonly type: 'complete';
      readonly completion: Completion;
      /** Fields for the job's one outcome log line ("job completed"); never secrets. */
      readonly log?: Readonly<Record<string, unknown>>;
    }
  | { readonly type: 'fail'; readonly error: string; readonly retryable: boolean };

/** Does one kind of job. Throwing is fine: the runner turns errors into failures. */
export type JobHandler = (ctx: JobContext) => Promise<JobResult>;

/** A job this agent cannot do by its nature; retrying would not help. */
export class JobRefusedError extends Error {
  override name = 'JobRefusedError';
}

/** A job this agent cannot do now, but another agent of the pool (or a later try) might. */
export class JobDeferredError extends Error {
  override name = 'JobDeferredError';
}

/** A completion with nothing but the lease proof (terminate, stop, start, key rotation). */
export const DONE: JobResult = { type: 'complete', completion: {} };
