import type { JobKind } from '@dc/client/agent';
import type { z } from 'zod';

type Kind = z.output<typeof JobKind>;

/** Which job an event is about. */
export interface JobRef {
  readonly jobId: string;
  readonly kind: Kind;
  readonly contractId: string;
  readonly attempt: number;
}

/**
 * Something the runtime did, for human output (`dc-agent run` in a terminal) and tests. Events
 * never carry secrets; errors are messages a provider can act on.
 */
export type RuntimeEvent =
  | { readonly type: 'started'; readonly pid: number }
  | ({ readonly type: 'job_started' } & JobRef)
  /** Reported done; `jobStatus`/`contractStatus` are what the API answered. */
  | ({
      readonly type: 'job_completed';
      readonly jobStatus: string;
      readonly contractStatus: string;
    } & JobRef)
  /** Reported failed; a retryable failure goes back to the queue (`jobStatus` `queued`). */
  | ({
      readonly type: 'job_failed';
      readonly error: string;
      readonly retryable: boolean;
      readonly jobStatus: string;
    } & JobRef)
  /** The lease was taken over (or the job vanished): the work stopped, nothing was reported. */
  | ({ readonly type: 'job_dropped'; readonly reason: string } & JobRef)
  /** Shutdown: the job was handed back to the queue (`jobStatus` null when that failed). */
  | ({ readonly type: 'job_released'; readonly jobStatus: string | null } & JobRef)
  | { readonly type: 'api_unreachable'; readonly error: string }
  | { readonly type: 'api_recovered'; readonly downMs: number }
  /** The API refused the agent itself (revoked, unknown key, clock skew): an operator must act. */
  | { readonly type: 'api_refused'; readonly error: string }
  | { readonly type: 'heartbeat'; readonly at: string }
  | {
      readonly type: 'reconciled';
      readonly instances: number;
      readonly terminated: number;
      readonly stopped: number;
      readonly orphans: number;
    }
  | {
      readonly type: 'instance_terminated';
      readonly provisioner: string;
      readonly externalId: string;
      readonly contractId: string | null;
      readonly why: 'contract_ended' | 'orphan';
    }
  | { readonly type: 'health_reported'; readonly checks: number }
  | { readonly type: 'stopping'; readonly reason: string }
  | { readonly type: 'stopped' };
