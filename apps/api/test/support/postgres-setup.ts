import type { TestProject } from 'vitest/node';
import { type PostgresServer, startEmbeddedPostgres } from './embedded-postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the PostgreSQL server shared by the whole run. */
    postgresAdminUrl: string;
  }
}

/** What every project's setup shares within the one vitest process. */
interface SharedServer {
  server: Promise<{ adminUrl: string; stop?: PostgresServer['stop'] }>;
  users: number;
}

const KEY = Symbol.for('dc-api.test.postgres');
const registry = globalThis as { [KEY]?: SharedServer };

/**
 * Vitest global setup: one PostgreSQL server for the whole run, shared by every test file and
 * by both projects (`fast` and `slow` each run this setup; the server is started once and
 * stopped after the last teardown). Each test file then creates its own database on it (see
 * `createTestDatabase`). A server given in `DC_TEST_DATABASE_URL` or `DATABASE_URL` is used
 * instead of starting one.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['DC_TEST_DATABASE_URL'] || process.env['DATABASE_URL'];
  registry[KEY] ??= {
    server: external ? Promise.resolve({ adminUrl: external }) : startEmbeddedPostgres(),
    users: 0,
  };
  const shared = registry[KEY];
  shared.users += 1;
  const { adminUrl } = await shared.server;
  project.provide('postgresAdminUrl', adminUrl);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[KEY];
    await (await shared.server).stop?.();
  };
}
