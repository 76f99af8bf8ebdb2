import {
  type Client,
  ConflictError,
  createClient,
  createOffering,
  createPool,
  getMe,
  keyAuth,
  listMyOfferings,
  listPools,
  listWalletLedger,
  putProviderProfile,
  registerAccount,
  sandboxTopUp,
} from '@dc/client';
import {
  SANDBOX_CREDIT,
  SANDBOX_POOL,
  SANDBOX_PROVIDER_PROFILE,
  sandboxOfferings,
} from './catalog';
import type { SandboxIdentity } from './identities';

/** The accounts and pool the sandbox runs with. */
export interface SeededWorld {
  readonly renter: Client;
  readonly provider: Client;
  readonly admin: Client;
  readonly poolId: string;
}

/** A client signing for `account` against `apiUrl`. */
export function clientOf(apiUrl: string, account: SandboxIdentity): Client {
  return createClient({ baseUrl: apiUrl, auth: keyAuth(account.identity.secretKey) });
}

/**
 * Creates what the sandbox needs that is not there yet: the three accounts, the provider's
 * profile, the pool, the offerings, the renter's credit. Every step first looks, so a restart
 * changes nothing; `created` collects what this run made (empty on a restart).
 */
export async function seed(
  apiUrl: string,
  accounts: { renter: SandboxIdentity; provider: SandboxIdentity; admin: SandboxIdentity },
  created: string[],
): Promise<SeededWorld> {
  const renter = clientOf(apiUrl, accounts.renter);
  const provider = clientOf(apiUrl, accounts.provider);
  const admin = clientOf(apiUrl, accounts.admin);
  await ensureAccount(admin, accounts.admin.username, 'Local sandbox admin', created);
  await ensureAccount(provider, accounts.provider.username, 'Local sandbox provider', created);
  await ensureAccount(renter, accounts.renter.username, 'Local sandbox renter', created);
  await ensureProviderProfile(provider, created);
  const poolId = await ensurePool(provider, created);
  await ensureOfferings(provider, poolId, created);
  await ensureCredit(renter, created);
  return { renter, provider, admin, poolId };
}

async function ensureAccount(
  client: Client,
  username: string,
  displayName: string,
  created: string[],
): Promise<void> {
  try {
    await registerAccount(client, { body: { username, display_name: displayName } });
    created.push(`account ${username}`);
  } catch (error) {
    // Registered by an earlier start (the key already has its account).
    if (!(error instanceof ConflictError && error.code === 'key_already_registered')) throw error;
  }
}

async function ensureProviderProfile(provider: Client, created: string[]): Promise<void> {
  // An account becomes a provider with its profile.
  if ((await getMe(provider, {})).is_provider) return;
  await putProviderProfile(provider, { body: { ...SANDBOX_PROVIDER_PROFILE } });
  created.push('provider profile');
}

async function ensurePool(provider: Client, created: string[]): Promise<string> {
  const { items } = await listPools(provider, {});
  const existing = items.find((pool) => pool.name === SANDBOX_POOL.name);
  if (existing) return existing.id;
  const pool = await createPool(provider, {
    body: { ...SANDBOX_POOL, provisioner_kinds: ['hetzner'] },
  });
  created.push(`pool ${pool.name}`);
  return pool.id;
}

async function ensureOfferings(provider: Client, poolId: string, created: string[]): Promise<void> {
  const slugs = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await listMyOfferings(provider, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const offering of page.items) slugs.add(offering.slug);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  for (const offering of sandboxOfferings(poolId)) {
    if (slugs.has(offering.slug)) continue;
    await createOffering(provider, { body: offering });
    created.push(`offering ${offering.slug}`);
  }
}

async function ensureCredit(renter: Client, created: string[]): Promise<void> {
  const ledger = await listWalletLedger(renter, { currency: SANDBOX_CREDIT.currency, limit: 100 });
  if (ledger.items.some((entry) => entry.kind === 'topup')) return;
  // The fixed key makes the credit once-only even if two starts raced here.
  await sandboxTopUp(renter, {
    body: { ...SANDBOX_CREDIT, idempotency_key: 'local-sandbox-initial-credit' },
  });
  created.push(`${SANDBOX_CREDIT.currency} ${SANDBOX_CREDIT.amount / 100} credit`);
}
