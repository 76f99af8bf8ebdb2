import type { Kysely } from 'kysely';
import type { Seller } from '../billing/seller';
import { lockContract } from '../contracts/row';
import type { Database } from '../db/schema';
import { type IssueOutcome, issueDueDocuments } from './issue';

/**
 * Issues what is due for contract `contractId` in a transaction of its own, under the contract's
 * row lock, so concurrent issuers of one contract (the worker in every instance, on-demand
 * requests) serialise and each payment is invoiced once. `wait: false` (the worker) skips a
 * contract someone else holds instead of queueing behind it. Undefined when the contract is
 * missing or skipped.
 *
 * The contract's `invoice` work mark (`billing_work`) is removed first in the same
 * transaction: a writer still marking it is waited for (its mark is a locking upsert), so what
 * that writer changed is visible to the issuing below; a change committed later marks again.
 */
export async function issueForContract(
  db: Kysely<Database>,
  contractId: string,
  options: { readonly seller: Seller; readonly now: Date; readonly wait: boolean },
): Promise<IssueOutcome | undefined> {
  return db.transaction().execute(async (trx) => {
    const contract = options.wait
      ? await lockContract(trx, contractId)
      : await trx
          .selectFrom('contracts')
          .selectAll()
          .where('id', '=', contractId)
          .forUpdate()
          .skipLocked()
          .executeTakeFirst();
    if (contract === undefined) return undefined;
    await trx
      .deleteFrom('billing_work')
      .where('kind', '=', 'invoice')
      .where('contract_id', '=', contract.id)
      .execute();
    return issueDueDocuments(trx, contract, options.seller, options.now);
  });
}
