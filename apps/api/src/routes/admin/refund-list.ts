import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';
import { refundView } from '../../payments/refunds/view';

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)_([0-9a-f-]{36})$/;

/**
 * `GET /v1/admin/refunds`: refunds newest first, optionally of one status (the approval queue
 * is `status=awaiting_approval`). The cursor is the last row's creation time and id.
 */
export const listRefunds: Handler<typeof operations.listRefunds> = async ({ query }, ctx) => {
  const cursor = query.cursor === undefined ? undefined : CURSOR.exec(query.cursor);
  if (cursor === null) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  let select = ctx.db
    .selectFrom('refunds')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (cursor !== undefined) {
    const at = new Date(cursor[1] ?? '');
    const id = cursor[2] ?? '';
    select = select.where((eb) =>
      eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', id)])]),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(refundView),
    next_cursor:
      rows.length > query.limit && last !== undefined
        ? `${last.created_at.toISOString()}_${last.id}`
        : null,
  };
};
