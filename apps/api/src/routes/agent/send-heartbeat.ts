import type { operations } from '@dc/client';
import { sql } from 'kysely';
import { agentCaller } from '../../agents/caller';
import type { Handler } from '../../http/mount';

/** Agents send one every 30 s (on their own timer, so a long job never starves it). */
const HEARTBEAT_INTERVAL_SECONDS = 30;

/**
 * `POST /v1/agent/heartbeat`: records the agent's version, provisioner kinds (it is then only
 * handed jobs of those kinds), load and liveness, and marks its pool alive: the pool and its
 * offerings are online while any agent of the pool reported within 90 s. Heartbeat times are
 * the database's clock, the clock `online` is computed with, so every API instance agrees.
 */
export const sendHeartbeat: Handler<typeof operations.sendHeartbeat> = async ({ body }, ctx) => {
  const agent = agentCaller(ctx);
  const now = ctx.services.now();
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('agents')
      .set({
        last_heartbeat_at: sql<Date>`now()`,
        version: body.version,
        provisioner_kinds: [...new Set(body.provisioner_kinds)],
        active_jobs: body.active_jobs,
        capacity: body.capacity,
        updated_at: now,
      })
      .where('agent_pubkey', '=', agent.agentKey)
      .execute();
    await trx
      .updateTable('pools')
      .set({ last_heartbeat_at: sql<Date>`now()` })
      .where('id', '=', agent.poolId)
      .execute();
  });
  return {
    server_time: now.toISOString(),
    next_heartbeat_in_seconds: HEARTBEAT_INTERVAL_SECONDS,
  };
};
