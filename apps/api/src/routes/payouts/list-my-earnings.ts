import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { entryView } from '../../earnings/view';
import type { Handler } from '../../http/mount';
import { nextCursor, parseCursor } from './cursor';

/** `GET /v1/provider/earnings/entries`: the caller's earnings ledger, newest first. */
export const listMyEarnings: Handler<typeof operations.listMyEarnings> = async ({ query }, ctx) => {
  const cursor = parseCursor(query.cursor);
  let select = ctx.db
    .selectFrom('earnings as e')
    .leftJoin('payout_items as i', (join) =>
      join.onRef('i.earning_id', '=', 'e.id').on('i.released_at', 'is', null),
    )
    .selectAll('e')
    .select('i.batch_id as payout_batch_id')
    .where('e.provider_id', '=', accountCaller(ctx).accountId)
    .orderBy('e.accrued_at', 'desc')
    .orderBy('e.id', 'desc')
    .limit(query.limit + 1);
  if (query.currency !== undefined) select = select.where('e.currency', '=', query.currency);
  if (query.contract_id !== undefined) {
    select = select.where('e.contract_id', '=', query.contract_id);
  }
  if (cursor !== undefined) {
    select = select.where((eb) =>
      eb.or([
        eb('e.accrued_at', '<', cursor.at),
        eb.and([eb('e.accrued_at', '=', cursor.at), eb('e.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await select.execute();
  return {
    items: rows.slice(0, query.limit).map(entryView),
    next_cursor: nextCursor(rows, query.limit, (row) => ({ at: row.accrued_at, id: row.id })),
  };
};
