import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './connect';

/** A numbered SQL file from the migrations folder. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** Migrations ship next to the code (`src/db/migrations`, copied to `dist/migrations`). */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

const FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Advisory lock every instance takes while migrating: 0x6463 = "dc". */
const LOCK_KEY = 25699;

/** Thrown when the database and the code disagree about history; the server must not start. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Reads and checksums the migration files, refusing gaps and duplicates in the numbering. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = FILE.exec(file);
      if (!match) throw new MigrationError(`Migration file "${file}" must be named NNNN_name.sql`);
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match[1]),
        name: match[2] ?? '',
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new MigrationError(
        `Migrations must be numbered 0001, 0002, ... without gaps; found ${String(migration.version).padStart(4, '0')} at position ${index + 1}`,
      );
    }
  });
  return migrations;
}

/** What {@link migrate} did. */
export interface MigrationReport {
  readonly applied: readonly number[];
  readonly current: number;
}

/**
 * Applies pending migrations, each file in its own transaction, under an advisory lock so
 * several instances starting together apply each file once. An applied migration whose file
 * changed since stops everything: editing history silently would leave databases that differ.
 */
export async function migrate(
  handle: DatabaseHandle,
  migrations: readonly Migration[] = loadMigrations(),
): Promise<MigrationReport> {
  const applied: number[] = [];
  await handle.scriptTransaction(async (tx) => {
    // Under the lock too: two concurrent CREATE TABLE IF NOT EXISTS can both miss the table
    // and one then fails on the catalog's unique index.
    await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  for (const migration of migrations) {
    await handle.scriptTransaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
      const [row] = await tx.query<{ checksum: string }>(
        'SELECT checksum FROM schema_migrations WHERE version = $1',
        [migration.version],
      );
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${String(migration.version).padStart(4, '0')}_${migration.name}.sql was edited after it was applied ` +
              `(checksum ${row.checksum.slice(0, 12)} in the database, ${migration.checksum.slice(0, 12)} on disk). ` +
              'Restore the original file and put the change in a new numbered migration.',
          );
        }
        return;
      }
      await tx.exec(migration.sql);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
      applied.push(migration.version);
    });
  }
  const [unknown] = await handle.scriptTransaction((tx) =>
    tx.query<{ version: number }>('SELECT version FROM schema_migrations WHERE version > $1', [
      migrations.length,
    ]),
  );
  if (unknown) {
    throw new MigrationError(
      `The database has migration ${unknown.version}, newer than this server knows (${migrations.length}); run a newer server.`,
    );
  }
  return { applied, current: migrations.length };
}
