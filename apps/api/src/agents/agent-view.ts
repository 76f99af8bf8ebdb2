import type { Agent, AgentPermission, Delegation } from '@dc/client';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { AgentsTable, Database } from '../db/schema';
import { ONLINE_WINDOW_SECONDS } from '../offerings/store';

type AgentRow = Selectable<AgentsTable>;

/** Agents with `online` computed by the database clock, like pools. */
export function selectAgents(db: Kysely<Database>) {
  return db
    .selectFrom('agents')
    .selectAll()
    .select(
      sql<boolean>`coalesce(last_heartbeat_at > now() - make_interval(secs => ${ONLINE_WINDOW_SECONDS}), false)`.as(
        'online',
      ),
    );
}

/** The delegation part of an agent row, as registration answers it. */
export function delegationToResponse(row: AgentRow): z.input<typeof Delegation> {
  return {
    agent_pubkey: row.agent_pubkey,
    provider_id: row.provider_id,
    pool_id: row.pool_id,
    permissions: row.permissions as z.input<typeof AgentPermission>[],
    not_before: row.not_before.toISOString(),
    not_after: row.not_after.toISOString(),
    serial: row.serial,
    source: row.source,
  };
}

/** An agent as its provider sees it. */
export function agentToResponse(
  row: AgentRow & { readonly online: boolean },
): z.input<typeof Agent> {
  return {
    ...delegationToResponse(row),
    region: row.region,
    revoked_at: row.revoked_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    online: row.revoked_at === null && row.online,
    last_heartbeat_at: row.last_heartbeat_at?.toISOString() ?? null,
    version: row.version,
    provisioner_kinds: [...row.provisioner_kinds],
    active_jobs: row.active_jobs,
    capacity: row.capacity,
  };
}
