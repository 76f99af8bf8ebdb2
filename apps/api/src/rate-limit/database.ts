import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { decide, type RateDecision, type RateLimiter } from './limiter';

/** Counters in `rate_limit_windows`, shared by every instance; one atomic upsert per hit. */
export class DatabaseRateLimiter implements RateLimiter {
  constructor(private readonly db: Kysely<Database>) {}

  async hit(bucket: string, limit: number, windowMs: number, now: number): Promise<RateDecision> {
    const start = now - (now % windowMs);
    const row = await this.db
      .insertInto('rate_limit_windows')
      .values({ bucket, window_start: new Date(start), hits: 1 })
      .onConflict((conflict) =>
        conflict
          .columns(['bucket', 'window_start'])
          .doUpdateSet({ hits: sql<number>`rate_limit_windows.hits + 1` }),
      )
      .returning('hits')
      .executeTakeFirstOrThrow();
    return decide(row.hits, limit, start, windowMs, now);
  }
}

/** Deletes finished windows. */
export async function sweepRateLimitWindows(db: Kysely<Database>, before: Date): Promise<void> {
  await db.deleteFrom('rate_limit_windows').where('window_start', '<', before).execute();
}
