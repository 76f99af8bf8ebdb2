import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { offeringResponses } from '../../offerings/responses';
import { offeringOnlineSql, selectOfferingViews } from '../../offerings/store';
import { applySearch, offeringSearchColumns, toSearchPage } from '../../search/index';

/**
 * `GET /v1/provider/offerings`: the caller's live offerings, drafts and private ones included,
 * newest first. Paged with the search's keyset cursors (an empty query sorted `newest`), so a
 * page never repeats or skips an offering while others are added.
 */
export const listMyOfferings: Handler<typeof operations.listMyOfferings> = async (
  { query },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const request = {
    query: { clauses: [] },
    sort: 'newest',
    cursor: query.cursor,
    limit: query.limit,
  } as const;
  const rows = await applySearch(
    selectOfferingViews(ctx.db)
      .where('o.provider_id', '=', caller.accountId)
      .where('o.deleted_at', 'is', null),
    request,
    offeringSearchColumns({ table: 'o', online: offeringOnlineSql }),
  ).execute();
  const page = toSearchPage(rows, request);
  return {
    items: await offeringResponses(ctx.db, page.items, caller.accountId),
    next_cursor: page.next_cursor,
  };
};
