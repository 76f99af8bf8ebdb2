import { TERMINAL_STATUSES } from '@dc/state-machine';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { lockPaymentAndContract } from '../apply/complete';
import { recordUnappliedRefund } from './unapplied';

/**
 * Held payments (the card paid a wrong amount) whose contract ended unpaid: their money is
 * refunded in full, since nothing will ever apply it. An admin was alerted when it was held;
 * until the contract ends they may still settle it another way. Returns how many it recorded.
 */
export async function refundEndedHeldPayments(
  db: Kysely<Database>,
  now: Date,
  limit = 50,
): Promise<number> {
  const candidates = await db
    .selectFrom('payments')
    .innerJoin('contracts', 'contracts.id', 'payments.contract_id')
    .select('payments.id')
    .where('payments.status', '=', 'held')
    .where('contracts.status', 'in', [...TERMINAL_STATUSES])
    .whereRef('payments.refunded', '<', 'payments.received')
    .limit(limit)
    .execute();
  let recorded = 0;
  for (const { id } of candidates) {
    const amount = await db.transaction().execute(async (trx) => {
      const { payment } = await lockPaymentAndContract(trx, id);
      return recordUnappliedRefund(trx, payment, 'amount_mismatch', now);
    });
    if (amount > 0n) recorded += 1;
  }
  return recorded;
}
