import type { ReplayGuard } from '@dc/crypto';
import type { Mailer } from './mail/mailer';
import type { RateLimiter } from './rate-limit/limiter';
import type { JobWakeups } from './wakeups/hub';

/** Process-wide collaborators handlers use; swapped in tests. */
export interface Services {
  readonly now: () => Date;
  readonly replayGuard: ReplayGuard;
  readonly rateLimiter: RateLimiter;
  readonly mailer: Mailer;
  /** Wakes agents' long-polls when a job is enqueued for their pool. */
  readonly jobWakeups: JobWakeups;
}
