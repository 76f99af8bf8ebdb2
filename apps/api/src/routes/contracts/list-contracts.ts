import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { contractViews } from '../../contracts/view';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor names the last contract of a page: its creation instant and id. */
function decodeCursor(cursor: string): { at: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const date = new Date(at ?? '');
  if (id === undefined || !UUID.test(id) || Number.isNaN(date.getTime())) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  return { at: date, id };
}

const encodeCursor = (at: Date, id: string) =>
  Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');

/**
 * `GET /v1/contracts`: contracts the caller rents and provides (or one `role`), newest first,
 * archived ones only when asked,
 * keyset-paged on (created_at, id) so a page never repeats or skips a contract.
 */
export const listContracts: Handler<typeof operations.listContracts> = async ({ query }, ctx) => {
  const caller = accountCaller(ctx);
  const me = caller.accountId;
  let select = ctx.db
    .selectFrom('contracts')
    .selectAll()
    .where((eb) =>
      query.role === 'renter'
        ? eb('renter_id', '=', me)
        : query.role === 'provider'
          ? eb('provider_id', '=', me)
          : eb.or([eb('renter_id', '=', me), eb('provider_id', '=', me)]),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1);
  if (query.status !== undefined) select = select.where('status', '=', query.status);
  if (query.archived === 'exclude') select = select.where('archived_at', 'is', null);
  if (query.archived === 'only') select = select.where('archived_at', 'is not', null);
  if (query.cursor !== undefined) {
    const after = decodeCursor(query.cursor);
    select = select.where((eb) =>
      eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.at, after.id)),
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await contractViews(ctx.db, page),
    next_cursor:
      rows.length > query.limit && last !== undefined
        ? encodeCursor(last.created_at, last.id)
        : null,
  };
};
