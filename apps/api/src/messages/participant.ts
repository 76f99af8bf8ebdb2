import type { Kysely } from 'kysely';
import type { AccountCaller } from '../auth/caller';
import { partyContract } from '../contracts/access';
import type { ContractRow } from '../contracts/row';
import type { Database } from '../db/schema';

/** The role a caller speaks in within a contract's thread. */
export type ParticipantRole = 'renter' | 'provider' | 'admin';

/** A caller admitted to a contract's thread, and as whom. */
export interface ThreadParticipant {
  readonly contract: ContractRow;
  readonly role: ParticipantRole;
}

/**
 * The contract's thread as `caller` may use it: its renter, its provider or an admin; anyone
 * else gets the same 404 as for a missing contract, so thread ids cannot be probed.
 *
 * A caller who is two parties speaks as the closest one: renter before provider (a provider
 * renting its own offering asks as a renter, so it can never answer its own wait), and either
 * before admin (an admin's own contract is not moderated by that admin).
 */
export async function threadParticipant(
  db: Kysely<Database>,
  contractId: string,
  caller: AccountCaller,
): Promise<ThreadParticipant> {
  const { contract, parties } = await partyContract(db, contractId, caller);
  const role: ParticipantRole = parties.has('renter')
    ? 'renter'
    : parties.has('provider')
      ? 'provider'
      : 'admin';
  return { contract, role };
}
