import { runChatwootMirror } from '../../src/chatwoot/mirror';
import type { ContractWorld } from '../contracts/_http';

/** Mirror passes the test runs itself, beside the server's own worker, as another instance would. */
export function mirrorPass(world: ContractWorld) {
  return runChatwootMirror({
    db: world.server.database.db,
    now: world.clock.now,
    http: { timeoutMs: 5_000 },
    retryBaseMs: 1_000,
    leaseMs: 60_000,
  });
}

/**
 * Runs mirror passes until no message is pending, moving the test clock past retry backoffs
 * only while no worker holds a thread (so no lease ever expires under a call in flight).
 */
export async function drainMirror(world: ContractWorld): Promise<void> {
  const db = world.server.database.db;
  for (let round = 0; round < 400; round += 1) {
    const leased = await db
      .selectFrom('chatwoot_threads')
      .select('contract_id')
      .where('lease_owner', 'is not', null)
      .executeTakeFirst();
    if (leased === undefined) {
      await mirrorPass(world);
      const pending = await db
        .selectFrom('chatwoot_outbox')
        .select('message_id')
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending === undefined) return;
      const stillLeased = await db
        .selectFrom('chatwoot_threads')
        .select('contract_id')
        .where('lease_owner', 'is not', null)
        .executeTakeFirst();
      if (stillLeased === undefined) world.clock.advance(1 / 60);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the Chatwoot outbox did not drain in 400 rounds');
}
