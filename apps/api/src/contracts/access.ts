import type { PartyActor } from '@dc/state-machine';
import type { Kysely } from 'kysely';
import type { AccountCaller } from '../auth/caller';
import type { Database } from '../db/schema';
import { forbidden, notFound } from '../http/problem';
import type { ContractRow } from './row';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How the caller relates to a contract. */
export type ContractParty = 'renter' | 'provider' | 'admin';

/**
 * Contract `id` if the caller is its renter, its provider or an admin; otherwise 404, the same
 * answer as for a missing contract, so nobody can probe other people's contract ids.
 */
export async function partyContract(
  db: Kysely<Database>,
  id: string,
  caller: AccountCaller,
): Promise<{ contract: ContractRow; parties: ReadonlySet<ContractParty> }> {
  const contract = UUID.test(id)
    ? await db.selectFrom('contracts').selectAll().where('id', '=', id).executeTakeFirst()
    : undefined;
  if (contract === undefined) throw notFound('Contract');
  const parties = new Set<ContractParty>();
  if (contract.renter_id === caller.accountId) parties.add('renter');
  if (contract.provider_id === caller.accountId) parties.add('provider');
  if (caller.isAdmin) parties.add('admin');
  if (parties.size === 0) throw notFound('Contract');
  return { contract, parties };
}

/**
 * Contract `id` when the caller is its `party` (renter or provider). Anyone unrelated gets 404;
 * the other party (or an admin) gets 403 naming who may do it: a provider cannot use the
 * renter's routes, nor a renter the provider's.
 */
export async function contractAs(
  db: Kysely<Database>,
  id: string,
  caller: AccountCaller,
  party: 'renter' | 'provider',
  action: string,
): Promise<ContractRow> {
  const { contract, parties } = await partyContract(db, id, caller);
  if (!parties.has(party)) {
    throw forbidden(`not_${party}`, `Only the contract's ${party} can ${action}.`);
  }
  return contract;
}

/** The state-machine actor for `caller` acting as `role`: keyed by the signing key or token. */
export function partyActor(caller: AccountCaller, role: PartyActor['role']): PartyActor {
  return { role, key: caller.publicKey ?? `token:${caller.tokenId ?? caller.accountId}` };
}
