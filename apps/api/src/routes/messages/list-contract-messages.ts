import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';
import { threadParticipant } from '../../messages/participant';
import { messageView, selectMessageViews } from '../../messages/view';

const CURSOR = /^[1-9][0-9]{0,18}$/;

/** `GET /v1/contracts/{id}/messages`: the thread, oldest first (or newest first), by `seq`. */
export const listContractMessages: Handler<typeof operations.listContractMessages> = async (
  { params, query },
  ctx,
) => {
  const { contract } = await threadParticipant(ctx.db, params.id, accountCaller(ctx));
  if (query.cursor !== undefined && !CURSOR.test(query.cursor)) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  const ascending = query.order === 'asc';
  let select = selectMessageViews(ctx.db)
    .where('m.contract_id', '=', contract.id)
    .orderBy('m.seq', ascending ? 'asc' : 'desc')
    .limit(query.limit + 1);
  if (query.cursor !== undefined) {
    select = select.where('m.seq', ascending ? '>' : '<', BigInt(query.cursor));
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(messageView),
    next_cursor: rows.length > query.limit && last !== undefined ? String(last.seq) : null,
  };
};
