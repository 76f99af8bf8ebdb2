import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Seller } from '../billing/seller';
import type { Database } from '../db/schema';
import { issueForContract } from './issue-for-contract';

/**
 * Contracts with something to invoice: a paid segment without its invoice (of a contract sold
 * with a VAT treatment, i.e. rented while a seller was configured), or a succeeded refund
 * without its credit note (once the contract has an invoice).
 */
async function contractsWithDueDocuments(db: Kysely<Database>, limit: number): Promise<string[]> {
  const { rows } = await sql<{ contract_id: string }>`
    SELECT s.contract_id FROM contract_segments s
      JOIN contracts c ON c.id = s.contract_id
    WHERE c.payment_status NOT IN ('pending', 'failed') AND c.vat_kind <> 'none'
      AND NOT EXISTS (SELECT 1 FROM invoices i
        WHERE i.source = 'segment:' || s.contract_id || ':' || s.seq)
    UNION
    SELECT r.contract_id FROM refunds r
    WHERE r.status = 'succeeded' AND r.source <> 'unapplied_payment'
      AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.source = 'refund:' || r.id)
      AND EXISTS (SELECT 1 FROM invoices i WHERE i.contract_id = r.contract_id)
    LIMIT ${limit}`.execute(db);
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
  for (const contractId of await contractsWithDueDocuments(db, limit)) {
    try {
      const outcome = await issueForContract(db, contractId, { seller, now, wait: false });
      if (outcome?.kind === 'issued') count += outcome.issued.length;
    } catch (error) {
      // One contract's failure (an invariant broken) must not stop the others' invoices.
      log.error({ err: error, contractId }, 'invoice issuance failed');
    }
  }
  return count;
}
