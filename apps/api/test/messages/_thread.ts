import {
  acceptContract,
  type Client,
  type Contract,
  createApiToken,
  createClient,
  type Offering,
  type TokenScope,
  tokenAuth,
} from '@dc/client';
import { type ContractWorld, deliver, rent, usdOffering } from '../contracts/_http';
import type { TestAccount } from '../offerings/_support';

/** A delivered contract: its provider, renter and offering, and a stranger to both. */
export interface Thread {
  readonly provider: TestAccount;
  readonly renter: TestAccount;
  readonly offering: Offering;
  readonly contract: Contract;
}

/**
 * A provider with a USD offering (`slaHours` as its response time when given), a funded renter
 * who rented it, and the contract accepted and delivered now.
 */
export async function deliveredThread(
  world: ContractWorld,
  options: { readonly slaHours?: number; readonly delivered?: boolean } = {},
): Promise<Thread> {
  const provider = await world.provider();
  const offering = await usdOffering(
    provider,
    options.slaHours === undefined ? {} : { response_sla_hours: options.slaHours },
  );
  const renter = await world.account();
  await world.fund(renter, 100_000);
  const contract = await rent(renter, offering, 720);
  if (options.delivered !== false) {
    await acceptContract(provider.client, { id: contract.id });
    await deliver(world, contract.id);
  }
  return { provider, renter, offering, contract };
}

/** A client authenticating with a fresh API token of `account` with `scopes`. */
export async function tokenClient(
  world: ContractWorld,
  account: TestAccount,
  scopes: TokenScope[],
): Promise<Client> {
  const { token } = await createApiToken(account.client, {
    body: { name: `test ${scopes.join(' ')}`, scopes },
  });
  return createClient({ baseUrl: world.server.url, auth: tokenAuth(token), retries: 0 });
}

/** The notifications of `event` queued for `username`, oldest first (title and data). */
export async function notificationsOf(
  world: ContractWorld,
  username: string,
  event: string,
): Promise<{ dedupe_key: string; title: string; data: Record<string, unknown> }[]> {
  const rows = await world.server.database.db
    .selectFrom('notifications as n')
    .innerJoin('accounts as a', 'a.id', 'n.account_id')
    .select(['n.dedupe_key', 'n.title', 'n.data'])
    .where('a.username', '=', username)
    .where('n.event', '=', event)
    .orderBy('n.seq')
    .execute();
  return rows.map((row) => ({
    dedupe_key: row.dedupe_key,
    title: row.title,
    data: (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<
      string,
      unknown
    >,
  }));
}

/** The `message_waits` rows of a contract as the provider record reads them, oldest first. */
export async function waitsOf(world: ContractWorld, contractId: string) {
  return world.server.database.db
    .selectFrom('message_waits')
    .selectAll()
    .where('contract_id', '=', contractId)
    .orderBy('asked_at')
    .execute();
}
