import type { ReplayGuard } from '@dc/crypto';
import type { Mailer } from './mail/mailer';
import type { RateLimiter } from './rate-limit/limiter';

/** Process-wide collaborators handlers use; swapped in tests. */
export interface Services {
  readonly now: () => Date;
  readonly replayGuard: ReplayGuard;
  readonly rateLimiter: RateLimiter;
  readonly mailer: Mailer;
}
