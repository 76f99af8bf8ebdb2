import type { PayoutBatchDetail } from '@dc/client';
import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { Database, PayoutBatchesTable } from '../db/schema';
import { notFound } from '../http/problem';

/** A payout batch row. */
export type BatchRow = Selectable<PayoutBatchesTable>;

type BatchDetailView = z.input<typeof PayoutBatchDetail>;
type BatchView = Omit<BatchDetailView, 'items'>;

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** A batch as the API shows it, given its provider's username and number of items. */
export function batchView(row: BatchRow, provider: string, itemCount: number): BatchView {
  return {
    id: row.id,
    provider,
    currency: row.currency,
    amount: Number(row.amount),
    rail: row.rail,
    status: row.status,
    destination: row.destination,
    external_reference: row.external_reference,
    failure_reason: row.failure_reason,
    last_error: row.last_error,
    send_attempts: row.send_attempts,
    item_count: itemCount,
    created_at: row.created_at.toISOString(),
    approved_at: iso(row.approved_at),
    sent_at: iso(row.sent_at),
    confirmed_at: iso(row.confirmed_at),
    failed_at: iso(row.failed_at),
  };
}

/**
 * The batch `id` with its items, or 404. With `providerId`, only that provider's batch: a
 * provider asking for another's gets the same 404 as for a batch that does not exist.
 */
export async function loadBatchDetail(
  db: Kysely<Database>,
  id: string,
  providerId?: string,
): Promise<BatchDetailView> {
  let query = db
    .selectFrom('payout_batches as b')
    .innerJoin('accounts as a', 'a.id', 'b.provider_id')
    .selectAll('b')
    .select('a.username')
    .where('b.id', '=', id);
  if (providerId !== undefined) query = query.where('b.provider_id', '=', providerId);
  const row = await query.executeTakeFirst();
  if (row === undefined) throw notFound('Payout batch');
  const items = await db
    .selectFrom('payout_items as i')
    .innerJoin('earnings as e', 'e.id', 'i.earning_id')
    .select(['i.earning_id', 'e.contract_id', 'i.amount', 'i.released_at'])
    .where('i.batch_id', '=', id)
    .orderBy('e.accrued_at')
    .orderBy('e.contract_id')
    .orderBy('e.seq')
    .execute();
  const { username, ...batch } = row;
  return {
    ...batchView(batch, username, items.length),
    items: items.map((item) => ({
      earning_id: item.earning_id,
      contract_id: item.contract_id,
      amount: Number(item.amount),
      released: item.released_at !== null,
    })),
  };
}
