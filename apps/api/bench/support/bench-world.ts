import type http from 'node:http';
import {
  type Client,
  createClient,
  createOffering,
  createPool,
  createWalletAdjustment,
  keyAuth,
  type Offering,
  type OfferingInput,
  putProviderProfile,
  registerAccount,
} from '@dc/client';
import { generateIdentity, type Identity } from '@dc/crypto';
import { createTestDatabase, type TestDatabase } from '../../test/support/databases';
import { type ServerProcess, startServerProcess } from '../../test/support/process';
import { nodeHttpFetch } from './node-http-fetch';

/** A registered account of the bench world and a client signing for it (real time). */
export interface BenchAccount {
  readonly client: Client;
  readonly identity: Identity;
  readonly username: string;
}

/** A provider with a profile and one pool. */
export interface BenchProvider extends BenchAccount {
  readonly poolId: string;
}

/**
 * One API server process on a fresh database of the run's embedded PostgreSQL (or
 * `DC_TEST_DATABASE_URL`), configured as deployed except for rate limits high enough for a
 * load generator, with helpers that make parties through the real HTTP API.
 */
export interface BenchWorld {
  readonly database: TestDatabase;
  readonly databaseUrl: string;
  readonly server: ServerProcess;
  /** A client signing with `identity` (a new key when omitted) over `agent`'s sockets. */
  clientFor(identity?: Identity, agent?: http.Agent): { client: Client; identity: Identity };
  account(prefix?: string): Promise<BenchAccount>;
  provider(): Promise<BenchProvider>;
  offering(provider: BenchProvider, overrides?: Partial<OfferingInput>): Promise<Offering>;
  /** Credits `account`'s wallet (USD minor units) through the admin adjustment route. */
  fund(account: BenchAccount, amount: number): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;
const unique = (prefix: string) => {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
};

/** Starts the world; `env` adds server settings. */
export async function startBenchWorld(env: Record<string, string> = {}): Promise<BenchWorld> {
  const database = await createTestDatabase('postgres');
  const adminName = unique('bench-admin');
  const server = await startServerProcess(
    {
      ...database.env,
      DC_ADMIN_USERNAMES: adminName,
      DC_RATE_LIMIT_PER_IP: '1000000',
      DC_RATE_LIMIT_PER_KEY: '1000000',
      ...env,
    },
    120_000,
  );
  process.once('exit', () => server.child.kill('SIGKILL'));
  const clientFor = (identity: Identity = generateIdentity(), agent?: http.Agent) => ({
    identity,
    client: createClient({
      baseUrl: server.url,
      auth: keyAuth(identity.secretKey),
      retries: 0,
      timeoutMs: 60_000,
      ...(agent ? { fetch: nodeHttpFetch(agent) } : {}),
    }),
  });
  const account = async (prefix = 'bench-renter'): Promise<BenchAccount> => {
    const { client, identity } = clientFor();
    const username = unique(prefix);
    await registerAccount(client, { body: { username } });
    return { client, identity, username };
  };
  // The admin carries the configured name exactly.
  const adminAccount = await (async () => {
    const { client, identity } = clientFor();
    await registerAccount(client, { body: { username: adminName } });
    return { client, identity, username: adminName };
  })();
  let funding = 0;
  return {
    database,
    databaseUrl: database.env['DATABASE_URL'] as string,
    server,
    clientFor,
    account,
    async provider() {
      const provider = await account('bench-provider');
      await putProviderProfile(provider.client, {
        body: {
          legal_name: `${provider.username} Hosting GmbH`,
          display_name: `${provider.username} Hosting`,
          website: 'https://hosting.example.com',
          country: 'DE',
          support_email: `${provider.username}@example.com`,
          support_policy: { response_hours: 24, channels: ['email'], hours: 'Mon-Fri 9-17 CET' },
        },
      });
      const pool = await createPool(provider.client, {
        body: {
          name: 'fsn1',
          region: 'europe',
          country: 'DE',
          provisioner_kinds: ['manual', 'docker'],
        },
      });
      return { ...provider, poolId: pool.id };
    },
    offering(provider, overrides = {}) {
      return createOffering(provider.client, {
        body: {
          slug: unique('vps'),
          name: 'VPS 4',
          description: 'A small virtual server',
          product_type: 'compute',
          virtualization: 'kvm',
          draft: false,
          currency: 'USD',
          price_per_month: 1000,
          cpu_cores: 4,
          memory_mib: 8192,
          disk_gib: 80,
          disk_kind: 'nvme',
          bandwidth_mbps: 1000,
          country: 'DE',
          city: 'Falkenstein',
          provisioner: 'manual',
          os_images: ['debian-12'],
          ...overrides,
        },
      });
    },
    async fund(target, amount) {
      funding += 1;
      await createWalletAdjustment(adminAccount.client, {
        body: {
          username: target.username,
          currency: 'USD',
          amount,
          reason: 'bench funds',
          idempotency_key: `bench-fund-${process.pid}-${funding}`,
        },
      });
    },
    async stop() {
      server.child.kill('SIGTERM');
      await server.exited;
      await database.drop();
    },
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
