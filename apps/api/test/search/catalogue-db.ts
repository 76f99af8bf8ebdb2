// A database with the real migrations applied and a generated catalogue in it.

import { type DatabaseHandle, type DatabaseLocation, openDatabase } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import type { SearchColumns } from '../../src/search/index';
import { COLUMNS } from './columns';
import { type FixtureOffering, generateCatalogue } from './fixture';

/** An open database holding `offerings`, and how to select from it. */
export interface CatalogueDatabase {
  readonly handle: DatabaseHandle;
  readonly offerings: readonly FixtureOffering[];
  readonly columns: SearchColumns;
  /** `offerings AS o LEFT JOIN pools AS p`, selecting nothing yet. */
  readonly from: () => ReturnType<typeof baseSelect>;
}

function baseSelect(handle: DatabaseHandle) {
  return handle.db.selectFrom('offerings as o').leftJoin('pools as p', 'p.id', 'o.pool_id');
}

/**
 * Creates the database (in-memory PGlite unless `location` says otherwise; the same tests pass
 * on PostgreSQL) and inserts `count` generated offerings.
 */
export async function openCatalogue(
  count: number,
  location: DatabaseLocation = { engine: 'pglite', dataDir: 'memory://' },
): Promise<CatalogueDatabase> {
  const handle = await openDatabase(location);
  await migrate(handle);
  const { providers, pools, offerings } = generateCatalogue(count);
  const { db } = handle;
  await db
    .insertInto('accounts')
    .values(providers.map((id, i) => ({ id, username: `provider${i}` })))
    .execute();
  await db
    .insertInto('providers')
    .values(
      providers.map((id, i) => ({
        account_id: id,
        legal_name: `Provider ${i} Ltd`,
        display_name: `Provider ${i}`,
        country: 'DE',
        support_email: `support${i}@example.com`,
        support_policy: '{}',
      })),
    )
    .execute();
  await db
    .insertInto('pools')
    .values(
      pools.map((pool, i) => ({
        id: pool.id,
        provider_id: pool.provider_id,
        name: `pool-${i}`,
        region: 'europe',
        provisioner_kinds: ['manual'],
        last_heartbeat_at: pool.last_heartbeat_at,
      })),
    )
    .execute();
  for (let start = 0; start < offerings.length; start += 250) {
    await db
      .insertInto('offerings')
      .values(
        offerings.slice(start, start + 250).map(({ online: _, ...row }) => ({
          ...row,
          visibility: 'public',
          draft: false,
          provisioner: 'manual',
          provisioner_config: '{}',
          setup_fee: 0,
          os_images: ['debian-12'],
        })),
      )
      .execute();
  }
  return { handle, offerings, columns: COLUMNS, from: () => baseSelect(handle) };
}
