import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseLocation } from '../../src/db/connect';

/** Both database engines the server supports; run a suite on each with `describe.each(ENGINES)`. */
export const ENGINES = ['pglite', 'postgres'] as const;
export type Engine = (typeof ENGINES)[number];

/**
 * The engine tests use when they do not choose one: `DC_TEST_ENGINE=postgres pnpm test` runs
 * every suite on the shared PostgreSQL server.
 */
export function defaultEngine(): Engine {
  const chosen = process.env['DC_TEST_ENGINE'];
  if (chosen === undefined || chosen === '') return 'pglite';
  if (chosen === 'pglite' || chosen === 'postgres') return chosen;
  throw new Error(`DC_TEST_ENGINE must be pglite or postgres, got ${JSON.stringify(chosen)}`);
}

/** A fresh, empty database that belongs to one test (file). */
export interface TestDatabase {
  readonly engine: Engine;
  /** Where it is, for `openDatabase`. */
  readonly location: DatabaseLocation;
  /** The server settings that select it (`DC_DATA_DIR` or `DATABASE_URL`). */
  readonly env: Readonly<Record<string, string>>;
  /** A folder for the server's other files (mail outbox, PGlite data). */
  readonly dataDir: string;
  /** Deletes the database and its folder. Close every connection to it first. */
  drop(): Promise<void>;
}

/** Superuser URL of the run's PostgreSQL server (started by `postgres-setup.ts`). */
export function postgresAdminUrl(): string {
  const url = inject('postgresAdminUrl');
  if (!url) {
    throw new Error(
      'No PostgreSQL server for tests: run through apps/api/vitest.config.ts (its globalSetup ' +
        'starts one) or set DC_TEST_DATABASE_URL.',
    );
  }
  return url;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A URL like the admin one with another database name. */
function databaseUrl(name: string): string {
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates an empty database: a PGlite folder, or `dc_test_<random>` on the shared PostgreSQL
 * server, so test files running side by side never see each other's rows.
 */
export async function createTestDatabase(engine: Engine = defaultEngine()): Promise<TestDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dc-api-test-'));
  const removeFolder = () => rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'pglite') {
    return {
      engine,
      location: { engine, dataDir },
      env: { DC_DATA_DIR: dataDir },
      dataDir,
      drop: async () => removeFolder(),
    };
  }
  const name = `dc_test_${randomBytes(8).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = databaseUrl(name);
  return {
    engine,
    location: { engine, url, maxConnections: 5 },
    env: { DC_DATA_DIR: dataDir, DATABASE_URL: url },
    dataDir,
    async drop() {
      // FORCE: a test that failed midway may have left a connection open.
      await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      removeFolder();
    },
  };
}
