import type { ReplayGuard } from '@dc/crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The replay guard shared by every API instance: a row per (key, nonce) with a unique primary
 * key, so two instances receiving the same request race on the insert and exactly one wins.
 * Expired rows are swept in the background (see `sweepExpiredNonces`).
 */
export class DatabaseReplayGuard implements ReplayGuard {
  constructor(private readonly db: Kysely<Database>) {}

  async remember(key: string, nonce: string, expiresAt: number): Promise<boolean> {
    const inserted = await this.db
      .insertInto('request_nonces')
      .values({ public_key: key, nonce, expires_at: new Date(expiresAt) })
      .onConflict((conflict) => conflict.columns(['public_key', 'nonce']).doNothing())
      .returning('nonce')
      .executeTakeFirst();
    return inserted !== undefined;
  }
}

/** Deletes nonces whose request can no longer pass the timestamp window. */
export async function sweepExpiredNonces(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('request_nonces')
    .where('expires_at', '<', now)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
