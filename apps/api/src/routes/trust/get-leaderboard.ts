import type { operations } from '@dc/client';
import { sql } from 'kysely';
import type { Handler } from '../../http/mount';
import { decodeLeaderboardCursor, encodeLeaderboardCursor } from '../../trust/leaderboard-cursor';

/**
 * `GET /v1/leaderboard`: providers with a score, by score, then 30-day uptime (none last), then
 * delivered contracts (ties by provider id), read from the stored records page by page.
 */
export const getLeaderboard: Handler<typeof operations.getLeaderboard> = async ({ query }, ctx) => {
  const after = query.cursor === undefined ? null : decodeLeaderboardCursor(query.cursor);
  let select = ctx.db
    .selectFrom('provider_records as r')
    .innerJoin('providers as p', 'p.account_id', 'r.provider_id')
    .innerJoin('accounts as a', 'a.id', 'r.provider_id')
    .select([
      'r.provider_id',
      'a.username',
      'p.display_name',
      'r.trust_score',
      'r.uptime_30d',
      'r.delivered_contracts',
      'r.computed_at',
    ])
    .where('r.trust_score', 'is not', null)
    .orderBy('r.trust_score', 'desc')
    .orderBy(sql`coalesce(r.uptime_30d, -1)`, 'desc')
    .orderBy('r.delivered_contracts', 'desc')
    .orderBy('r.provider_id', 'desc')
    .limit(query.limit + 1);
  if (after !== null) {
    select = select.where(
      sql<boolean>`(r.trust_score, coalesce(r.uptime_30d, -1), r.delivered_contracts, r.provider_id)
        < (${after.score}::numeric, ${after.uptime}::numeric, ${after.delivered}::int, ${after.id}::uuid)`,
    );
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((row) => ({
      username: row.username,
      display_name: row.display_name,
      provider_id: row.provider_id,
      trust_score: Number(row.trust_score),
      uptime_30d_pct: row.uptime_30d === null ? null : Number(row.uptime_30d),
      delivered_contracts: row.delivered_contracts,
      computed_at: row.computed_at.toISOString(),
    })),
    next_cursor:
      rows.length > query.limit && last !== undefined
        ? encodeLeaderboardCursor({
            score: String(last.trust_score),
            uptime: last.uptime_30d === null ? '-1' : String(last.uptime_30d),
            delivered: last.delivered_contracts,
            id: last.provider_id,
          })
        : null,
  };
};
