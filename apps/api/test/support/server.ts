import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Client, createClient, keyAuth } from '@dc/client';
import { generateIdentity, type Identity } from '@dc/crypto';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { type RunningServer, type StartOptions, startServer } from '../../src/server';

/** A server on a random port with a fresh database, and helpers to make clients for it. */
export interface TestServer extends RunningServer {
  readonly dataDir: string;
  /** A client signing with `identity` (a fresh one when omitted). */
  clientFor(identity?: Identity): { client: Client; identity: Identity };
  /** An anonymous client. */
  readonly anonymous: Client;
  stop(): Promise<void>;
}

/**
 * Starts the real server over HTTP. The database is PGlite in a temporary folder, or the
 * PostgreSQL server named by `DC_TEST_DATABASE_URL` (set by the Postgres test setup).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dc-api-test-'));
  const databaseUrl = process.env['DC_TEST_DATABASE_URL'];
  const config = loadConfig({
    DC_API_PORT: '0',
    DC_DATA_DIR: dataDir,
    DC_LOG_LEVEL: 'silent',
    DC_RATE_LIMIT_PER_IP: '100000',
    DC_RATE_LIMIT_PER_KEY: '100000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const server = await startServer(config, { logger: pino({ level: 'silent' }), ...options });
  const clientFor = (identity: Identity = generateIdentity()) => ({
    identity,
    client: createClient({ baseUrl: server.url, auth: keyAuth(identity.secretKey), retries: 0 }),
  });
  return {
    ...server,
    dataDir,
    clientFor,
    anonymous: createClient({ baseUrl: server.url, retries: 0 }),
    async stop() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
