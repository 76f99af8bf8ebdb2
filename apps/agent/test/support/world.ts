import {
  type Client,
  createClient,
  createOffering,
  createPool,
  createSetupToken,
  keyAuth,
  listPools,
  type Offering,
  type OfferingInput,
  putProviderProfile,
  type RentContractReturnType,
  registerAccount,
  rentContract,
} from '@dc/client';
import { generateIdentity, type Identity } from '@dc/crypto';
import { type ApiProcess, type ApiProcessOptions, startApiProcess } from './api-process';

/** A registered account and a client signing for it. */
export interface WorldAccount {
  readonly client: Client;
  readonly identity: Identity;
  readonly username: string;
}

/** A provider account with a profile and one pool (region `europe`). */
export interface WorldProvider extends WorldAccount {
  readonly poolId: string;
}

/** What a world is built with. */
export interface WorldOptions {
  /** The offering's provisioner kind (and a kind of the pool), e.g. `hetzner`. */
  readonly provisioner: string;
  /** The offering's `provisioner_config` (may name `agent_provisioner`). */
  readonly provisionerConfig?: Readonly<Record<string, unknown>>;
  /** More kinds for the pool besides `provisioner`. */
  readonly poolKinds?: readonly string[];
  /** Changes to the offering (sizes, images, post_provision_script, ...). */
  readonly offering?: Partial<OfferingInput>;
  /** Options of the API process (env, data folder, port). */
  readonly api?: ApiProcessOptions;
}

/** An API process with a provider, its pool, a setup token, a published offering and a renter. */
export interface AgentWorld {
  readonly api: ApiProcess;
  readonly provider: WorldProvider;
  readonly renter: WorldAccount;
  /** Published, auto-accepted, served by the pool: renting it queues a provision job at once. */
  readonly offering: Offering;
  /** A fresh single-use setup token of the pool (each call makes a new one). */
  setupToken(): Promise<string>;
  /** Another published, auto-accepted offering of the pool. */
  offer(
    kind: string,
    config?: Readonly<Record<string, unknown>>,
    overrides?: Partial<OfferingInput>,
  ): Promise<Offering>;
  /**
   * Rents `offering` (default: the world's) for the renter on the `sandbox` rail. The API only
   * rents an offering whose pool has an agent online: start the agent (or heartbeat) first and
   * {@link AgentWorld.waitForAgent}.
   */
  rent(options?: RentOptions): Promise<RentContractReturnType>;
  /** Waits until the pool counts as online (an agent heartbeat reached the API). */
  waitForAgent(timeoutMs?: number): Promise<void>;
  /** A client for another key (e.g. an agent's), signing in real time. */
  clientFor(identity: Identity): Client;
  /** Stops the API process and removes its data. */
  stop(): Promise<void>;
}

/** Options of {@link AgentWorld.rent}. */
export interface RentOptions {
  readonly offering?: Offering;
  readonly hours?: number;
  readonly renter?: WorldAccount;
  readonly sshPublicKeys?: readonly string[];
  readonly idempotencyKey?: string;
}

/** A renter's SSH key the fakes accept. */
export const RENTER_SSH_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB0j5XGQ3CUT2lzg4tYf2TzL5Ef0G0b1b7vT9yJjvH0n renter@laptop';

let counter = 0;
/** A name no other call of this process has used. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A new account signing in real time against `url`. */
export async function newAccount(url: string, prefix: string): Promise<WorldAccount> {
  const identity = generateIdentity();
  const client = createClient({ baseUrl: url, auth: keyAuth(identity.secretKey), retries: 0 });
  const username = unique(prefix);
  await registerAccount(client, { body: { username } });
  return { client, identity, username };
}

/** A provider with a profile and a pool in region `europe` running `kinds`. */
export async function newProvider(url: string, kinds: readonly string[]): Promise<WorldProvider> {
  const account = await newAccount(url, 'provider');
  await putProviderProfile(account.client, {
    body: {
      legal_name: `${account.username} Hosting GmbH`,
      display_name: `${account.username} Hosting`,
      website: 'https://hosting.example.com',
      country: 'DE',
      support_email: `${account.username}@example.com`,
      support_policy: { response_hours: 24, channels: ['email'], hours: 'Mon-Fri 9-17 CET' },
    },
  });
  const pool = await createPool(account.client, {
    body: { name: 'agent-pool', region: 'europe', country: 'DE', provisioner_kinds: [...kinds] },
  });
  return { ...account, poolId: pool.id };
}

/** Publishes an auto-accepted offering of the provider's pool served by `kind`. */
export function publishOffering(
  provider: WorldProvider,
  kind: string,
  config: Readonly<Record<string, unknown>> = {},
  overrides: Partial<OfferingInput> = {},
): Promise<Offering> {
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
      provisioner: kind,
      provisioner_config: { ...config },
      pool_id: provider.poolId,
      auto_accept: true,
      os_images: ['debian-12'],
      ...overrides,
    },
  });
}

/** Starts an API process and builds the world in it (see {@link AgentWorld}). */
export async function startWorld(options: WorldOptions): Promise<AgentWorld> {
  const api = await startApiProcess(options.api);
  try {
    const kinds = [...new Set([options.provisioner, ...(options.poolKinds ?? [])])];
    const provider = await newProvider(api.url, kinds);
    const offering = await publishOffering(
      provider,
      options.provisioner,
      options.provisionerConfig,
      options.offering,
    );
    const renter = await newAccount(api.url, 'renter');
    return {
      api,
      provider,
      renter,
      offering,
      async setupToken() {
        const created = await createSetupToken(provider.client, { id: provider.poolId, body: {} });
        return created.token;
      },
      offer: (kind, config, overrides) => publishOffering(provider, kind, config, overrides),
      rent(rentOptions = {}) {
        const rented = rentOptions.offering ?? offering;
        return rentContract((rentOptions.renter ?? renter).client, {
          body: {
            offering_id: rented.id,
            hours: rentOptions.hours ?? 720,
            ssh_public_keys: [...(rentOptions.sshPublicKeys ?? [RENTER_SSH_KEY])],
            os_image: rented.os_images[0] ?? 'debian-12',
            payment_rail: 'sandbox',
            idempotency_key: rentOptions.idempotencyKey ?? unique('rent'),
          },
        });
      },
      async waitForAgent(timeoutMs = 120_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const { items } = await listPools(provider.client, {});
          if (items.find((pool) => pool.id === provider.poolId)?.online) return;
          if (Date.now() > deadline) {
            throw new Error(`no agent of pool ${provider.poolId} came online in ${timeoutMs} ms`);
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      },
      clientFor: (identity) =>
        createClient({ baseUrl: api.url, auth: keyAuth(identity.secretKey), retries: 0 }),
      stop: async () => {
        await api.stop();
      },
    };
  } catch (error) {
    await api.stop();
    throw error;
  }
}
