import type { Transaction } from 'kysely';
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
      // The first segment is paid by the rental's payment, each extension by the payment whose
      // key it is stored under.
      const payments = trx
        .selectFrom('payments')
        .select(['id', 'payment_intent_id'])
        .where('contract_id', '=', contract.id);
      const payment = await (segment.seq === 1
        ? payments.where('purpose', '=', 'contract')
        : payments.where('idempotency_key', '=', segment.idempotency_key)
      ).executeTakeFirst();
      if (payment === undefined) return `card (contract ${contract.id})`;
      return `card payment ${payment.payment_intent_id ?? payment.id}`;
    }
    default:
      return `sandbox rail (contract ${contract.id})`;
  }
}
