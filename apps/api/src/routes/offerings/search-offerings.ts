import type { operations, SearchQuery } from '@dc/client';
import { sql } from 'kysely';
import type { Handler } from '../../http/mount';
import { signedInAccount } from '../../offerings/access';
import { offeringResponses } from '../../offerings/responses';
import { offeringOnlineSql, selectOfferingViews } from '../../offerings/store';
import {
  applySearch,
  offeringSearchColumns,
  parseSearchParameters,
  toSearchPage,
} from '../../search/index';

const mentions = (query: SearchQuery, field: string) =>
  query.clauses.some((clause) => clause.field === field);

/**
 * `GET /v1/offerings`: the catalog search.
 *
 * What is searched: live, published offerings that are public, or shared with the caller (on
 * the allow-list); never private ones, not even the caller's own (those are in
 * `GET /v1/provider/offerings`).
 *
 * Spec §1 lists an offering only when it is also in stock and online (served by an online agent
 * of its pool, or by the `manual` provisioner). Those two are defaults, not hard rules: they
 * apply unless the query itself says something about them. So `type:gpu` finds in-stock,
 * online offerings, while `stock:out_of_stock` or `online:false` (or a negated clause on those
 * fields) lets a renter look at what is sold out or offline, with the query's own condition in
 * place of the default.
 *
 * A query the DSL refuses is a 400 `invalid_search_query` whose detail names the field and the
 * position, with `errors: [{ path: 'query.q' }]`. Pages hold at most 100 offerings;
 * `next_cursor` continues the same query and sort.
 */
export const searchOfferings: Handler<typeof operations.searchOfferings> = async (
  { query },
  ctx,
) => {
  const request = parseSearchParameters(query);
  const parsed = request.query;
  const viewer = signedInAccount(ctx.caller);
  let base = selectOfferingViews(ctx.db)
    .where('o.deleted_at', 'is', null)
    .where('o.draft', '=', false)
    // Implied by the next condition, but spelled out so the planner can match the partial
    // catalog indexes (`WHERE deleted_at IS NULL AND NOT draft AND visibility <> 'private'`).
    .where('o.visibility', '<>', 'private')
    .where((eb) =>
      viewer === undefined
        ? eb('o.visibility', '=', 'public')
        : eb.or([
            eb('o.visibility', '=', 'public'),
            eb.and([
              eb('o.visibility', '=', 'shared'),
              eb.exists(
                eb
                  .selectFrom('offering_allow_list as l')
                  .select(sql<number>`1`.as('one'))
                  .whereRef('l.offering_id', '=', 'o.id')
                  .where('l.account_id', '=', viewer.accountId),
              ),
            ]),
          ]),
    );
  if (!mentions(parsed, 'stock')) base = base.where('o.stock', '=', 'in_stock');
  if (!mentions(parsed, 'online')) base = base.where(offeringOnlineSql);
  const rows = await applySearch(
    base,
    request,
    offeringSearchColumns({ table: 'o', online: offeringOnlineSql }),
  ).execute();
  const page = toSearchPage(rows, request);
  return {
    items: await offeringResponses(ctx.db, page.items, viewer?.accountId),
    next_cursor: page.next_cursor,
  };
};
