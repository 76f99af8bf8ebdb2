import { type DatabaseHandle, openDatabase } from '../../src/db/connect';
import { createTestDatabase, type TestDatabase } from './databases';

/** The database of a crash suite and the suite's own handle to look into it. */
export interface CrashDatabase {
  readonly database: TestDatabase;
  readonly db: DatabaseHandle;
}

/**
 * A fresh PostgreSQL database for a suite that SIGKILLs server processes on it: always the real
 * server (PGlite is one process's memory, so a killed process would take it along), with a
 * handle the test keeps across the kills.
 */
export async function openCrashDatabase(): Promise<CrashDatabase> {
  const database = await createTestDatabase('postgres');
  if (database.location.engine !== 'postgres') throw new Error('needs PostgreSQL');
  return { database, db: await openDatabase(database.location) };
}

/** Closes the handle and drops the database; either may be missing after a failed set-up. */
export async function closeCrashDatabase(
  database: TestDatabase | undefined,
  db: DatabaseHandle | undefined,
): Promise<void> {
  await db?.close();
  await database?.drop();
}
