import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Seller } from '../billing/seller';
import type { Database } from '../db/schema';
import { issueForContract } from './issue-for-contract';

/**
 * Contracts that may have documents due, oldest mark first: the `invoice` rows of
 * `billing_work`, which triggers write in the transaction of every change that can make an
 * invoice or credit note due (a segment added, the payment status changed, a refund
 * succeeded; see 0014_payment_gaps). A round reads these rows only, through the queue's index,
 * so its cost follows what changed since the last round, never the number of contracts,
 * segments or refunds ever recorded. The mark is removed when the contract is issued.
 */
export async function invoiceCandidates(db: Kysely<Database>, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('billing_work')
    .select('contract_id')
    .where('kind', '=', 'invoice')
    .orderBy('marked_at')
    .orderBy('contract_id')
    .limit(limit)
    .execute();
  return rows.map((row) => row.contract_id);
}

/**
 * Issues due invoices and credit notes (the periodic part; `POST /v1/contracts/{id}/invoices`
 * issues on demand). Safe in every instance at once: each contract is issued under its row
 * lock, and one held elsewhere is skipped this round. Returns how many documents were issued.
 */
export async function issueDueInvoices(
  db: Kysely<Database>,
  seller: Seller,
  now: Date,
  log: Pick<Logger, 'error'>,
  limit = 50,
): Promise<number> {
  let count = 0;
  for (const contractId of await invoiceCandidates(db, limit)) {
    try {
      const outcome = await issueForContract(db, contractId, { seller, now, wait: false });
      if (outcome?.kind === 'issued') count += outcome.issued.length;
    } catch (error) {
      // One contract's failure (an invariant broken) must not stop the others' invoices: its
      // mark stays (the issuing transaction rolled back) and moves behind the others.
      log.error({ err: error, contractId }, 'invoice issuance failed');
      await db
        .updateTable('billing_work')
        .set({ marked_at: sql<Date>`clock_timestamp()` })
        .where('kind', '=', 'invoice')
        .where('contract_id', '=', contractId)
        .execute();
    }
  }
  return count;
}
