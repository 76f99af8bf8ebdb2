import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';
import { ledgerEntryView } from '../../wallet/entry-view';

const CURSOR = /^[0-9]{1,19}$/;

/**
 * `GET /v1/wallet/ledger`: the caller's ledger rows, newest first. The cursor is the id of the
 * last row of the previous page; ids only grow, so a page never repeats or skips a row.
 */
export const listWalletLedger: Handler<typeof operations.listWalletLedger> = async (
  { query },
  ctx,
) => {
  const caller = accountCaller(ctx);
  if (query.cursor !== undefined && !CURSOR.test(query.cursor)) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  let select = ctx.db
    .selectFrom('wallet_ledger')
    .selectAll()
    .where('account_id', '=', caller.accountId)
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.currency !== undefined) select = select.where('currency', '=', query.currency);
  if (query.cursor !== undefined) select = select.where('id', '<', BigInt(query.cursor));
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(ledgerEntryView),
    next_cursor: rows.length > query.limit && last !== undefined ? last.id.toString() : null,
  };
};
