import {
  type Client,
  type ClientAuth,
  createClient,
  createWalletAdjustment,
  type Offering,
  type OfferingInput,
  registerAccount,
  rentContract,
} from '@dc/client';
import { generateIdentity, signRequest } from '@dc/crypto';
import { applyContractEvent } from '../../src/contracts/apply-event';
import { newProvider, offer, type TestAccount, unique } from '../offerings/_support';
import { type Engine, startTestServer, type TestServer } from '../support/server';

export const HOUR = 3_600_000;

/** A clock the test moves by hand; the server reads it through `services.now`. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => this.current;
  /** Moves the clock forward by `hours`. */
  advance(hours: number): Date {
    this.current = new Date(this.current.getTime() + hours * HOUR);
    return this.current;
  }
}

/** Signs like `keyAuth`, with the test clock's time, so the server accepts it at any fake time. */
export function clockedKeyAuth(secretKey: Uint8Array, clock: TestClock): ClientAuth {
  return {
    authorize(request, body) {
      const headers = signRequest({
        secretKey,
        method: request.method,
        url: request.url,
        body,
        timestamp: clock.now().getTime(),
      });
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    },
  };
}

/** A server on a test clock, with an admin, and helpers to make parties. */
export interface ContractWorld {
  readonly server: TestServer;
  readonly clock: TestClock;
  readonly admin: TestAccount;
  /** A registered account signing on the test clock. */
  account(prefix?: string): Promise<TestAccount>;
  /** A provider (profile and pool) signing on the test clock. */
  provider(): Promise<TestAccount & { readonly poolId: string }>;
  /** Credits `account`'s wallet through the admin adjustment route. */
  fund(account: TestAccount, amount: number, currency?: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts a server whose clock is `start` (moved by the test) and registers its admin. */
export async function contractWorld(
  env: Record<string, string> = {},
  options: { readonly start?: Date; readonly engine?: Engine } = {},
): Promise<ContractWorld> {
  const start = options.start ?? new Date('2026-03-01T09:00:00Z');
  const clock = new TestClock(start);
  const adminName = unique('admin');
  const server = await startTestServer(
    { DC_ADMIN_USERNAMES: adminName, ...env },
    {
      services: { now: clock.now },
      ...(options.engine === undefined ? {} : { engine: options.engine }),
    },
  );
  const clientOf = (): { client: Client; identity: ReturnType<typeof generateIdentity> } => {
    const identity = generateIdentity();
    const client = createClient({
      baseUrl: server.url,
      auth: clockedKeyAuth(identity.secretKey, clock),
      retries: 0,
    });
    return { client, identity };
  };
  const account = async (prefix = 'renter'): Promise<TestAccount> => {
    const { client, identity } = clientOf();
    const username = unique(prefix);
    await registerAccount(client, { body: { username } });
    return { client, identity, username };
  };
  const { client, identity } = clientOf();
  await registerAccount(client, { body: { username: adminName } });
  const admin = { client, identity, username: adminName };
  let funding = 0;
  return {
    server,
    clock,
    admin,
    account,
    async provider() {
      // newProvider makes its client with server.clientFor: hand it one on the test clock.
      return newProvider({ ...server, clientFor: () => clientOf() } as TestServer);
    },
    async fund(target, amount, currency = 'USD') {
      funding += 1;
      await createWalletAdjustment(admin.client, {
        body: {
          username: target.username,
          currency,
          amount,
          reason: 'test funds',
          idempotency_key: `fund-${process.pid}-${funding}`,
        },
      });
    },
    stop: () => server.stop(),
  };
}

/** An offering of `provider` at USD 10.00 a month by the `manual` provisioner, listed at once. */
export function usdOffering(
  provider: TestAccount,
  overrides: Partial<OfferingInput> = {},
): Promise<Offering> {
  return offer(provider, { currency: 'USD', price_per_month: 1000, ...overrides });
}

export const SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0j5XGQ3CUT2lzg4tYf2TzL5Ef0G0b1b7vT9yJjvH0n renter@laptop';

let keys = 0;
/** A fresh idempotency key. */
export function key(prefix = 'key'): string {
  keys += 1;
  return `${prefix}-${process.pid}-${keys}-${Date.now()}`;
}

/** Rents `offering` for `hours` from the wallet. */
export function rent(
  renter: TestAccount,
  offering: Offering,
  hours = 720,
  idempotencyKey = key('rent'),
) {
  return rentContract(renter.client, {
    body: {
      offering_id: offering.id,
      hours,
      ssh_public_keys: [SSH_KEY],
      os_image: offering.os_images[0] ?? 'debian-12',
      payment_rail: 'wallet',
      idempotency_key: idempotencyKey,
    },
  });
}

/**
 * Delivers an accepted contract now, as its agent would (start_provisioning, then provisioned
 * with SSH-key access), through `applyContractEvent` on the server's own database.
 */
export async function deliver(world: ContractWorld, contractId: string): Promise<void> {
  const agent = { role: 'agent', key: 'test-agent', holdsLease: true } as const;
  const now = world.clock.now();
  await world.server.database.db.transaction().execute(async (trx) => {
    await applyContractEvent(trx, {
      contractId,
      event: { type: 'start_provisioning' },
      actor: agent,
      now,
    });
    await applyContractEvent(trx, {
      contractId,
      event: { type: 'provisioned', sealedCredentials: false, sshKeyAccess: true },
      actor: agent,
      now,
    });
  });
}

/**
 * Sends a signed JSON request without the client's own checks, to see what the server itself
 * answers to input the client would refuse to send.
 */
export async function rawSigned(
  world: ContractWorld,
  account: TestAccount,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = JSON.stringify(body);
  const request = new Request(world.server.url + path, {
    method,
    body: text,
    headers: { 'content-type': 'application/json' },
  });
  clockedKeyAuth(account.identity.secretKey, world.clock).authorize(request, text);
  const response = await fetch(request);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Sends `event` as the platform (sweeps, payment webhooks) through `applyContractEvent`. */
export function systemEvent(
  world: ContractWorld,
  contractId: string,
  event: Parameters<typeof applyContractEvent>[1]['event'],
  key = 'test:system',
) {
  return world.server.database.db.transaction().execute((trx) =>
    applyContractEvent(trx, {
      contractId,
      event,
      actor: { role: 'system', key },
      now: world.clock.now(),
    }),
  );
}
