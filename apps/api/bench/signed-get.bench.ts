import { createClient, keyAuth, registerAccount } from '@dc/client';
import { generateIdentity, signRequest } from '@dc/crypto';
import { bench, describe } from 'vitest';
import { openDatabase } from '../src/db/connect';
import { migrate } from '../src/db/migrate';
import {
  createTestDatabase,
  ENGINES,
  type Engine,
  type TestDatabase,
} from '../test/support/databases';
import { type ServerProcess, startServerProcess } from '../test/support/process';
import { seedCatalogue } from './support/catalogue';

/**
 * Signed GET throughput against unsigned GET of the same route in the same run (target: signed
 * >= 0.5 x unsigned). The server runs as its own process (one instance, as deployed) and this
 * process only generates load: CONCURRENCY requests in flight over keep-alive connections, each
 * signed request signed here with a fresh nonce. The route is the catalogue search
 * (`GET /v1/offerings`, auth optional): same query, same page of 20 offerings either way; a
 * signed call additionally verifies the Ed25519 signature, records the nonce in the replay
 * store, loads the account and counts the per-account rate limit.
 *
 * `cd apps/api && pnpm bench`
 */

const CONCURRENCY = 8;
const OFFERINGS = 2_000;
const ROUTE = `/v1/offerings?${new URLSearchParams({ q: 'type:compute', limit: '20' }).toString()}`;

interface Target {
  readonly database: TestDatabase;
  readonly server: ServerProcess;
  readonly secretKey: Uint8Array;
}

async function startTarget(engine: Engine): Promise<Target> {
  const database = await createTestDatabase(engine);
  // Seed before the server starts: a PGlite folder takes one process at a time.
  const handle = await openDatabase(database.location);
  await migrate(handle);
  await seedCatalogue(handle, OFFERINGS);
  await handle.close();
  const server = await startServerProcess(
    {
      ...database.env,
      // As deployed: a JSON line per request, the same cost for both variants.
      DC_LOG_LEVEL: 'info',
      DC_RATE_LIMIT_PER_IP: '1000000',
      DC_RATE_LIMIT_PER_KEY: '1000000',
    },
    120_000,
  );
  process.once('exit', () => server.child.kill('SIGKILL'));
  const identity = generateIdentity();
  const client = createClient({ baseUrl: server.url, auth: keyAuth(identity.secretKey) });
  await registerAccount(client, { body: { username: `bench-${engine}` } });
  return { database, server, secretKey: identity.secretKey };
}

async function stopTarget(target: Target): Promise<void> {
  target.server.child.kill('SIGTERM');
  await target.server.exited;
  await target.database.drop();
}

async function get(url: string, headers: Record<string, string>): Promise<void> {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}`);
}

const targets = new Map<Engine, Target>();
for (const engine of ENGINES) targets.set(engine, await startTarget(engine));

/** Requests completed and milliseconds spent in measured runs, per engine and variant. */
const measured = new Map<string, { requests: number; ms: number }>();
const rate = (key: string) => {
  const entry = measured.get(key);
  return entry ? (entry.requests / entry.ms) * 1000 : Number.NaN;
};

async function report(): Promise<void> {
  console.table(
    ENGINES.map((engine) => ({
      engine,
      'unsigned req/s': Math.round(rate(`${engine} unsigned`)),
      'signed req/s': Math.round(rate(`${engine} signed`)),
      'signed / unsigned': Number(
        (rate(`${engine} signed`) / rate(`${engine} unsigned`)).toFixed(2),
      ),
    })),
  );
  for (const target of targets.values()) await stopTarget(target);
}

/**
 * The variants alternate, twice each, so that drift (JIT warm-up, the database's caches, other
 * load on the machine) falls on both alike; the figures add both rounds up.
 */
const ROUNDS = [
  ['unsigned', 'unsigned'],
  ['signed', 'signed'],
  ['unsigned', 'unsigned (again)'],
  ['signed', 'signed (again)'],
] as const;

for (const engine of ENGINES) {
  const target = targets.get(engine) as Target;
  const url = `${target.server.url}${ROUTE}`;
  describe(`GET /v1/offerings on ${engine}, ${CONCURRENCY} in flight`, () => {
    for (const [variant, name] of ROUNDS) {
      const key = `${engine} ${variant}`;
      const headers = () =>
        variant === 'signed'
          ? { ...signRequest({ secretKey: target.secretKey, method: 'GET', url }) }
          : {};
      bench(
        name,
        async () => {
          const started = performance.now();
          await Promise.all(Array.from({ length: CONCURRENCY }, () => get(url, headers())));
          const entry = measured.get(key);
          if (entry) {
            entry.requests += CONCURRENCY;
            entry.ms += performance.now() - started;
          }
        },
        {
          time: 4_000,
          warmupTime: 1_500,
          setup: (_task, mode) => {
            if (mode === 'run' && !measured.has(key)) measured.set(key, { requests: 0, ms: 0 });
          },
          teardown: async (_task, mode) => {
            if (mode === 'run' && engine === ENGINES.at(-1) && name === ROUNDS.at(-1)?.[1]) {
              await report();
            }
          },
        },
      );
    }
  });
}
