import type { operations } from '@dc/client';
import { loadBalances } from '../../earnings/balances';
import { balanceView } from '../../earnings/view';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';

const CURSOR = /^([a-z][a-z0-9_-]{2,31})\|([A-Z]{3})$/;

/**
 * `GET /v1/admin/payout-balances`: every provider's balance per currency, by username and
 * currency; the cursor is the last row's `username|currency`.
 */
export const listPayableBalances: Handler<typeof operations.listPayableBalances> = async (
  { query },
  ctx,
) => {
  const cursor = query.cursor === undefined ? undefined : CURSOR.exec(query.cursor);
  if (cursor === null) {
    throw validationFailed(
      [{ path: 'query.cursor', message: 'must be a next_cursor returned by this list' }],
      400,
    );
  }
  const balances = await loadBalances(
    ctx.db,
    query.currency === undefined ? {} : { currency: query.currency },
  );
  if (balances.length === 0) return { items: [], next_cursor: null };
  const providers = await ctx.db
    .selectFrom('providers as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .select(['p.account_id', 'a.username', 'p.payout_stripe_account'])
    .where('p.account_id', 'in', [...new Set(balances.map((b) => b.providerId))])
    .execute();
  const byId = new Map(providers.map((p) => [p.account_id, p]));
  const after =
    cursor === undefined ? null : { username: cursor[1] ?? '', currency: cursor[2] ?? '' };
  const rows = balances
    .flatMap((balance) => {
      const provider = byId.get(balance.providerId);
      return provider === undefined ? [] : [{ balance, provider }];
    })
    .map((row) => ({
      ...row,
      position: { username: row.provider.username, currency: row.balance.currency },
    }))
    .sort((a, b) => compare(a.position, b.position))
    .filter((row) => after === null || compare(row.position, after) > 0);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(({ balance, provider }) => ({
      ...balanceView(balance),
      provider: provider.username,
      payout_stripe_account: provider.payout_stripe_account,
    })),
    next_cursor:
      rows.length > query.limit && last !== undefined
        ? `${last.position.username}|${last.position.currency}`
        : null,
  };
};

/** Orders balances by username, then currency. */
function compare(
  a: { readonly username: string; readonly currency: string },
  b: { readonly username: string; readonly currency: string },
): number {
  if (a.username !== b.username) return a.username < b.username ? -1 : 1;
  if (a.currency === b.currency) return 0;
  return a.currency < b.currency ? -1 : 1;
}
