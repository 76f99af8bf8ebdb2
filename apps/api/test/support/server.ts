import { type Client, createClient, keyAuth } from '@dc/client';
import { generateIdentity, type Identity } from '@dc/crypto';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { type RunningServer, type StartOptions, startServer } from '../../src/server';
import { createTestDatabase, type Engine } from './databases';

export { ENGINES, type Engine } from './databases';

/** A server on a random port with a fresh database, and helpers to make clients for it. */
export interface TestServer extends RunningServer {
  readonly engine: Engine;
  readonly dataDir: string;
  /** A client signing with `identity` (a fresh one when omitted). */
  clientFor(identity?: Identity): { client: Client; identity: Identity };
  /** An anonymous client. */
  readonly anonymous: Client;
  /** Stops the server and deletes its database. */
  stop(): Promise<void>;
}

/** {@link StartOptions} plus the database engine (default `DC_TEST_ENGINE`, else PGlite). */
export interface TestServerOptions extends StartOptions {
  readonly engine?: Engine;
}

/**
 * Starts the real server over HTTP on a fresh database of its own: a PGlite folder, or a new
 * `dc_test_<random>` database on the run's PostgreSQL server (`engine: 'postgres'`).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: TestServerOptions = {},
): Promise<TestServer> {
  const { engine, ...startOptions } = options;
  const database = await createTestDatabase(engine);
  let server: RunningServer;
  try {
    const config = loadConfig({
      DC_API_PORT: '0',
      DC_LOG_LEVEL: 'silent',
      DC_RATE_LIMIT_PER_IP: '100000',
      DC_RATE_LIMIT_PER_KEY: '100000',
      // Tests move a fake clock and fire system events themselves; a background sweep on a
      // real-time interval would race them. Sweep tests call runSweeps or opt back in.
      DC_SWEEP_INTERVAL_MS: '0',
      // Never the real VIES: a CI machine with internet would get answers no test controls.
      // Port 9 (discard) refuses at once, so VAT ids stay `unverified` unless a test's fake
      // VIES is set.
      DC_VIES_URL: 'http://127.0.0.1:9',
      ...database.env,
      ...env,
    });
    server = await startServer(config, { logger: pino({ level: 'silent' }), ...startOptions });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const clientFor = (identity: Identity = generateIdentity()) => ({
    identity,
    client: createClient({ baseUrl: server.url, auth: keyAuth(identity.secretKey), retries: 0 }),
  });
  return {
    ...server,
    engine: database.engine,
    dataDir: database.dataDir,
    clientFor,
    // Public GETs only: a keep-alive socket the server closes just as a test reuses it after a
    // long computation (CI saw ECONNRESET after ~1 min idle) is retried, as a real client would.
    anonymous: createClient({ baseUrl: server.url, retries: 2 }),
    async stop() {
      await server.close();
      await database.drop();
    },
  };
}
