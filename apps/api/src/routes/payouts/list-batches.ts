import type { PayoutBatch } from '@dc/client';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../../db/schema';
import type { PayoutStatus } from '../../payouts/state';
import { batchView } from '../../payouts/view';
import { nextCursor, parseCursor } from './cursor';

/** Filters of a batch list. */
export interface BatchFilter {
  readonly providerId?: string;
  readonly username?: string;
  readonly currency?: string;
  readonly status?: PayoutStatus;
  readonly cursor?: string;
  readonly limit: number;
}

/** One page of payout batches, newest first; the admin and the provider lists share it. */
export async function listBatches(
  db: Kysely<Database>,
  filter: BatchFilter,
): Promise<{ items: z.input<typeof PayoutBatch>[]; next_cursor: string | null }> {
  const cursor = parseCursor(filter.cursor);
  let select = db
    .selectFrom('payout_batches as b')
    .innerJoin('accounts as a', 'a.id', 'b.provider_id')
    .selectAll('b')
    .select('a.username')
    .select((eb) =>
      eb
        .selectFrom('payout_items as i')
        .select(eb.fn.countAll<string>().as('n'))
        .whereRef('i.batch_id', '=', 'b.id')
        .as('item_count'),
    )
    .orderBy('b.created_at', 'desc')
    .orderBy('b.id', 'desc')
    .limit(filter.limit + 1);
  if (filter.providerId !== undefined)
    select = select.where('b.provider_id', '=', filter.providerId);
  if (filter.username !== undefined) select = select.where('a.username', '=', filter.username);
  if (filter.currency !== undefined) select = select.where('b.currency', '=', filter.currency);
  if (filter.status !== undefined) select = select.where('b.status', '=', filter.status);
  if (cursor !== undefined) {
    select = select.where((eb) =>
      eb.or([
        eb('b.created_at', '<', cursor.at),
        eb.and([eb('b.created_at', '=', cursor.at), eb('b.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await select.execute();
  return {
    items: rows
      .slice(0, filter.limit)
      .map(({ username, item_count, ...row }) => batchView(row, username, Number(item_count ?? 0))),
    next_cursor: nextCursor(rows, filter.limit, (row) => ({ at: row.created_at, id: row.id })),
  };
}
