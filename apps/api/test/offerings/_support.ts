import {
  type Client,
  createOffering,
  createPool,
  keyAuth,
  type Offering,
  type OfferingInput,
  putProviderProfile,
  registerAccount,
} from '@dc/client';
import type { Identity } from '@dc/crypto';
import type { TestServer } from '../support/server';

let counter = 0;

/** A name no other test of this process has used (usernames, slugs, cities). */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

/** A registered account and a client signing for it. */
export interface TestAccount {
  readonly client: Client;
  readonly identity: Identity;
  readonly username: string;
}

/** Registers a new account through the API. */
export async function newAccount(server: TestServer, prefix = 'renter'): Promise<TestAccount> {
  const { client, identity } = server.clientFor();
  const username = unique(prefix);
  await registerAccount(client, { body: { username } });
  return { client, identity, username };
}

/** The profile body every test provider uses. */
export function profileBody(username: string) {
  return {
    legal_name: `${username} Hosting GmbH`,
    display_name: `${username} Hosting`,
    website: 'https://hosting.example.com',
    country: 'DE',
    support_email: `${username}@example.com`,
    support_policy: { response_hours: 24, channels: ['email' as const], hours: 'Mon-Fri 9-17 CET' },
  };
}

/** A provider with a profile and one pool running `manual`, `docker` and `hetzner`. */
export interface TestProvider extends TestAccount {
  readonly poolId: string;
}

/** Registers an account, makes it a provider and gives it a pool. */
export async function newProvider(server: TestServer): Promise<TestProvider> {
  const account = await newAccount(server, 'provider');
  await putProviderProfile(account.client, { body: profileBody(account.username) });
  const pool = await createPool(account.client, {
    body: {
      name: 'fsn1',
      region: 'europe',
      country: 'DE',
      provisioner_kinds: ['manual', 'docker', 'hetzner'],
    },
  });
  return { ...account, poolId: pool.id };
}

/**
 * A valid, published, public, in-stock offering served by the `manual` provisioner (so it is
 * listed without an agent), with a unique slug; `overrides` change any field.
 */
export function offeringBody(overrides: Partial<OfferingInput> = {}): OfferingInput {
  return {
    slug: unique('vps'),
    name: 'VPS 4',
    description: 'A small virtual server',
    product_type: 'compute',
    virtualization: 'kvm',
    draft: false,
    currency: 'EUR',
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
  };
}

/** Creates an offering of `provider` through the API. */
export async function offer(
  provider: TestAccount,
  overrides: Partial<OfferingInput> = {},
): Promise<Offering> {
  return createOffering(provider.client, { body: offeringBody(overrides) });
}

/** The problem an API call fails with: status, code, detail and field paths. */
export async function problemOf(call: Promise<unknown>): Promise<{
  status: number;
  code: string;
  detail: string;
  paths: string[];
}> {
  try {
    await call;
  } catch (error) {
    const e = error as {
      status?: number;
      code?: string;
      problem?: { detail?: string; errors?: { path: string }[] };
    };
    if (typeof e.status === 'number' && typeof e.code === 'string') {
      return {
        status: e.status,
        code: e.code,
        detail: e.problem?.detail ?? '',
        paths: (e.problem?.errors ?? []).map((issue) => issue.path).sort(),
      };
    }
    throw error;
  }
  throw new Error('expected the call to fail, it succeeded');
}

/**
 * Sends a signed JSON request without the client's own parameter checks, to see what the
 * server itself answers to input the client would refuse to send.
 */
export async function rawSigned(
  server: TestServer,
  account: TestAccount,
  method: string,
  path: string,
  body: unknown,
): Promise<{ status: number; json: { code?: string; errors?: { path: string }[] } }> {
  const text = JSON.stringify(body);
  const request = new Request(server.url + path, {
    method,
    body: text,
    headers: { 'content-type': 'application/json' },
  });
  keyAuth(account.identity.secretKey).authorize(request, text);
  const response = await fetch(request);
  return { status: response.status, json: (await response.json()) as never };
}

/** The sorted field paths of a problem document. */
export function pathsOf(json: { errors?: { path: string }[] }): string[] {
  return (json.errors ?? []).map((issue) => issue.path).sort();
}
