import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { type DatabaseHandle, openDatabase } from '../../src/db/connect';
import { loadMigrations, type Migration, MigrationError, migrate } from '../../src/db/migrate';
import { startServer } from '../../src/server';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases';
import { runServerProcess } from '../support/process';

const shipped = loadMigrations();
const latest = shipped.length;

function migration(version: number, name: string, sql: string): Migration {
  return { version, name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

async function appliedVersions(handle: DatabaseHandle): Promise<number[]> {
  const rows = await handle.scriptTransaction((tx) =>
    tx.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version'),
  );
  return rows.map((row) => row.version);
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function freshDatabase(engine: (typeof ENGINES)[number]): Promise<TestDatabase> {
  const database = await createTestDatabase(engine);
  cleanup.push(() => database.drop());
  return database;
}

async function open(database: TestDatabase): Promise<DatabaseHandle> {
  const handle = await openDatabase(database.location);
  cleanup.push(() => handle.close());
  return handle;
}

describe.each(ENGINES)('migrations on %s', (engine) => {
  // One database per engine, emptied before each test: opening PGlite costs seconds, and an
  // empty public schema is exactly what a fresh database looks like to the migrations.
  let database: TestDatabase;
  let shared: DatabaseHandle | undefined;
  const handle = () => {
    if (!shared) throw new Error('database not open');
    return shared;
  };
  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  beforeEach(async () => {
    shared ??= await openDatabase(database.location);
    await shared.scriptTransaction((tx) =>
      tx.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;'),
    );
  });
  afterAll(async () => {
    await shared?.close();
    await database.drop();
  });

  it('bring a fresh database to the current version, then apply nothing on a second run', async () => {
    const first = await migrate(handle());
    expect(first).toEqual({ applied: shipped.map((m) => m.version), current: latest });
    expect(await appliedVersions(handle())).toEqual(shipped.map((m) => m.version));
    // The schema is really there: a table of the first migration answers.
    const accounts = await handle().scriptTransaction((tx) =>
      tx.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts'),
    );
    expect(accounts).toEqual([{ n: 0 }]);

    const second = await migrate(handle());
    expect(second).toEqual({ applied: [], current: latest });
  });

  it('apply only the new files when the code gains a migration', async () => {
    await migrate(handle());
    const next = migration(latest + 1, 'add_probe', 'CREATE TABLE migration_probe (id int);');

    expect(await migrate(handle(), [...shipped, next])).toEqual({
      applied: [latest + 1],
      current: latest + 1,
    });
    expect(await appliedVersions(handle())).toEqual([...shipped.map((m) => m.version), latest + 1]);
  });

  it('stop on an applied migration whose file was edited, naming the file', async () => {
    await migrate(handle());
    const [first, ...rest] = shipped;
    if (!first) throw new Error('no migrations shipped');
    const edited = migration(first.version, first.name, `${first.sql}\n-- edited afterwards\n`);

    const failure = migrate(handle(), [edited, ...rest]);
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(
      `Migration 0001_${first.name}.sql was edited after it was applied`,
    );
  });

  it('leave the database untouched when a migration fails midway', async () => {
    await migrate(handle());
    const broken = migration(
      latest + 1,
      'broken',
      'CREATE TABLE half_done (id int); SELECT no_such_function();',
    );

    await expect(migrate(handle(), [...shipped, broken])).rejects.toThrow(/no_such_function/);
    expect(await appliedVersions(handle())).toEqual(shipped.map((m) => m.version));
    const tables = await handle().scriptTransaction((tx) =>
      tx.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'"),
    );
    expect(tables).toEqual([]);
  });

  it('refuse a database migrated by a newer server', async () => {
    await migrate(handle(), [...shipped, migration(latest + 1, 'future', 'SELECT 1;')]);

    const failure = migrate(handle());
    await expect(failure).rejects.toBeInstanceOf(MigrationError);
    await expect(failure).rejects.toThrow(
      `The database has migration ${latest + 1}, newer than this server knows (${latest})`,
    );
  });

  it('keep the server from starting on an edited migration', async () => {
    await migrate(handle());
    await handle().scriptTransaction((tx) =>
      tx.query("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = 1"),
    );
    // The server opens the database itself; a PGlite folder takes one process at a time.
    await handle().close();
    shared = undefined;

    const config = loadConfig({ DC_API_PORT: '0', DC_LOG_LEVEL: 'silent', ...database.env });
    const start = startServer(config, { logger: pino({ level: 'silent' }) });
    await expect(start).rejects.toBeInstanceOf(MigrationError);
    await expect(start).rejects.toThrow(/0001_\w+\.sql was edited after it was applied/);
  });
});

describe('the server process on an edited migration', () => {
  it('exits with status 2 and says which file was edited and what to do', async () => {
    // PostgreSQL only: the check is engine-independent (above), and a second process opening
    // PGlite would add seconds for nothing.
    const database = await createTestDatabase('postgres');
    try {
      const handle = await openDatabase(database.location);
      await migrate(handle);
      await handle.scriptTransaction((tx) =>
        tx.query("UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = 1"),
      );
      await handle.close();

      const result = await runServerProcess({ DC_API_PORT: '0', ...database.env });
      expect(result.status, result.stderr).toBe(2);
      expect(result.stderr).toMatch(/Migration 0001_\w+\.sql was edited after it was applied/);
      expect(result.stderr).toContain('put the change in a new numbered migration');
    } finally {
      await database.drop();
    }
  });
});

describe('concurrent migrations on postgres', () => {
  // Extra files that sleep widen the window in which two unlocked runners would both apply them.
  const slowMigrations = [
    ...shipped,
    migration(latest + 1, 'probe_a', 'CREATE TABLE probe_a (id int); SELECT pg_sleep(0.05);'),
    migration(latest + 2, 'probe_b', 'CREATE TABLE probe_b (id int); SELECT pg_sleep(0.05);'),
  ];

  it('apply each migration exactly once when four instances start together', async () => {
    for (let round = 0; round < 3; round += 1) {
      const database = await freshDatabase('postgres');
      const handles = await Promise.all([1, 2, 3, 4].map(() => open(database)));

      const outcomes = await Promise.allSettled(
        handles.map((handle) => migrate(handle, slowMigrations)),
      );

      const reports = outcomes.map((outcome) => {
        if (outcome.status === 'rejected') throw outcome.reason;
        return outcome.value;
      });
      const applied = reports.flatMap((report) => report.applied).sort((a, b) => a - b);
      expect(applied).toEqual(slowMigrations.map((m) => m.version));
      for (const report of reports) expect(report.current).toBe(latest + 2);
      expect(await appliedVersions(handles[0] as DatabaseHandle)).toEqual(applied);
    }
  });
});

describe('migration files', () => {
  it('must be numbered without gaps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-api-migrations-'));
    try {
      writeFileSync(join(dir, '0001_first.sql'), 'SELECT 1;');
      writeFileSync(join(dir, '0003_third.sql'), 'SELECT 3;');
      expect(() => loadMigrations(dir)).toThrow(
        'Migrations must be numbered 0001, 0002, ... without gaps; found 0003 at position 2',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('must be named NNNN_name.sql', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dc-api-migrations-'));
    try {
      writeFileSync(join(dir, '1_first.sql'), 'SELECT 1;');
      expect(() => loadMigrations(dir)).toThrow(
        'Migration file "1_first.sql" must be named NNNN_name.sql',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
