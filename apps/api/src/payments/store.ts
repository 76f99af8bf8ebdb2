import type { Payment } from '@dc/client';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import type { Database, PaymentsTable } from '../db/schema';

/** A `payments` row. */
export type PaymentRow = Selectable<PaymentsTable>;

/** A card payment's status (see 0007_payments.sql). */
export type CardPaymentStatus = z.output<typeof Payment>['status'];

/** What a card payment pays for (0007_payments.sql, 0014_payment_gaps.sql). */
export type PaymentPurpose = z.output<typeof Payment>['purpose'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads one payment; `undefined` for an unknown (or malformed) id. */
export function paymentById(db: Kysely<Database>, id: string): Promise<PaymentRow | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Locks one payment for the rest of `trx`. Lock order: the contract first, then its payment. */
export function lockPayment(
  trx: Transaction<Database>,
  id: string,
): Promise<PaymentRow | undefined> {
  if (!UUID.test(id)) return Promise.resolve(undefined);
  return trx.selectFrom('payments').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The ids a rail event may carry; any of them finds the payment. */
export interface PaymentKeys {
  readonly paymentId?: string | null;
  readonly sessionId?: string | null;
  readonly paymentIntentId?: string | null;
  readonly chargeId?: string | null;
}

/** The id of the payment any of `keys` names, looked up in our own table only. */
export async function findPaymentId(
  db: Kysely<Database>,
  keys: PaymentKeys,
): Promise<string | null> {
  if (keys.paymentId) {
    const byId = await paymentById(db, keys.paymentId);
    if (byId !== undefined) return byId.id;
  }
  const columns = [
    ['checkout_session_id', keys.sessionId],
    ['payment_intent_id', keys.paymentIntentId],
    ['charge_id', keys.chargeId],
  ] as const;
  for (const [column, value] of columns) {
    if (!value) continue;
    const row = await db
      .selectFrom('payments')
      .select('id')
      .where(column, '=', value)
      .executeTakeFirst();
    if (row !== undefined) return row.id;
  }
  return null;
}

/** The API form of a payment. */
export function paymentView(row: PaymentRow): z.input<typeof Payment> {
  return {
    id: row.id,
    purpose: row.purpose as PaymentPurpose,
    rail: 'card',
    contract_id: row.contract_id,
    currency: row.currency,
    amount: Number(row.amount),
    received: row.received === null ? null : Number(row.received),
    refunded: Number(row.refunded),
    status: row.status as CardPaymentStatus,
    failure: row.failure,
    checkout_url: row.status === 'pending' ? row.checkout_url : null,
    checkout_expires_at: row.checkout_expires_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    succeeded_at: row.succeeded_at?.toISOString() ?? null,
    extension_hours: row.extension_hours,
  };
}
