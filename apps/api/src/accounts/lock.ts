import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Locks the account row for the rest of `trx`, so concurrent changes to the account's keys
 * serialise and a count checked inside the transaction (key limit, last active key) holds.
 */
export async function lockAccount(trx: Transaction<Database>, accountId: string): Promise<void> {
  await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
}
