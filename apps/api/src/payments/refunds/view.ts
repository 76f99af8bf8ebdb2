import type { Refund } from '@dc/client';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { RefundsTable } from '../../db/schema';

/** A `refunds` row. */
export type RefundRow = Selectable<RefundsTable>;

/** The API form of a refund. */
export function refundView(row: RefundRow): z.input<typeof Refund> {
  return {
    id: row.id,
    contract_id: row.contract_id,
    payment_id: row.payment_id,
    rail: row.rail as 'wallet' | 'sandbox' | 'card',
    source: row.source as 'contract' | 'unapplied_payment' | 'dashboard',
    currency: row.currency,
    amount: Number(row.amount),
    status: row.status as z.input<typeof Refund>['status'],
    reason: row.reason,
    idempotency_key: row.idempotency_key,
    approval_reason: row.approval_reason,
    attempts: row.attempts,
    last_error: row.last_error,
    provider_refund_id: row.provider_refund_id,
    decided_by: row.decided_by,
    decision_note: row.decision_note,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    succeeded_at: row.succeeded_at?.toISOString() ?? null,
  };
}
