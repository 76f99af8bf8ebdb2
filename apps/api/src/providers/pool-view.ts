import type { Pool } from '@dc/client';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { z } from 'zod';
import type { Database, PoolsTable } from '../db/schema';
import { conflict, type HttpProblem } from '../http/problem';
import { ONLINE_WINDOW_SECONDS } from '../offerings/store';
import { livePools } from './live-pools';

type PoolRow = Selectable<PoolsTable> & { readonly online: boolean };

/** Live (not deleted) pools with `online` computed by the database clock (heartbeat within the window). */
export function selectPools(db: Kysely<Database>) {
  return livePools(db)
    .selectAll()
    .select(
      sql<boolean>`coalesce(last_heartbeat_at > now() - make_interval(secs => ${ONLINE_WINDOW_SECONDS}), false)`.as(
        'online',
      ),
    );
}

/** A pool as the API returns it. */
export function poolToResponse(row: PoolRow): z.input<typeof Pool> {
  return {
    id: row.id,
    name: row.name,
    region: row.region as z.input<typeof Pool>['region'],
    country: row.country,
    provisioner_kinds: [...row.provisioner_kinds],
    online: row.online,
    last_heartbeat_at: row.last_heartbeat_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
  };
}

/** The 409 of a pool name the provider already uses. */
export function poolNameTaken(name: string): HttpProblem {
  return conflict(
    'pool_name_taken',
    `You already have a pool named "${name}"; pick another name.`,
    [{ path: 'body.name', message: 'already used by another of your pools' }],
  );
}
