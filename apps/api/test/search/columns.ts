import { sql } from 'kysely';
import { offeringSearchColumns, type SearchColumns } from '../../src/search/index';
import { ONLINE_CUTOFF } from './fixture';

/**
 * Columns as the API's catalog query would give them, over `offerings AS o LEFT JOIN pools AS
 * p`: `online` is computed from the pool. No pool means a server-side provisioner, always
 * online; a pool never heard from is unknown (NULL), which exercises NULL handling.
 */
export const COLUMNS: SearchColumns = offeringSearchColumns({
  table: 'o',
  online: sql<
    boolean | null
  >`CASE WHEN o.pool_id IS NULL THEN TRUE ELSE p.last_heartbeat_at >= ${ONLINE_CUTOFF} END`,
});
