import { sql, type Transaction } from 'kysely';
import type { ContractRow } from '../contracts/row';
import type { Database } from '../db/schema';

/**
 * How segment `seq` of `contract` was paid, as printed on its invoice: the wallet ledger entry,
 * the card payment (Stripe PaymentIntent) or the sandbox rail.
 */
export async function paymentReference(
  trx: Transaction<Database>,
  contract: ContractRow,
  segment: { readonly seq: number; readonly idempotency_key: string },
): Promise<string> {
  switch (contract.payment_rail) {
    case 'wallet': {
      // The first segment is paid by the rental's debit, each extension by its own.
      const key = segment.seq === 1 ? `rental:${contract.id}` : segment.idempotency_key;
      const entry = await trx
        .selectFrom('wallet_ledger')
        .select('id')
        .where('idempotency_key', '=', key)
        .executeTakeFirst();
      return entry === undefined ? `wallet (${key})` : `wallet ledger entry ${entry.id}`;
    }
    case 'card': {
      const { rows } = await sql<{ id: string; payment_intent_id: string | null }>`
        SELECT id, payment_intent_id FROM payments WHERE contract_id = ${contract.id}`.execute(trx);
      const payment = rows[0];
      if (payment === undefined) return `card (contract ${contract.id})`;
      return `card payment ${payment.payment_intent_id ?? payment.id}`;
    }
    default:
      return `sandbox rail (contract ${contract.id})`;
  }
}
