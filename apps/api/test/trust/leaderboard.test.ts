import { ApiError, getLeaderboard } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContractWorld, contractWorld } from '../contracts/_http';
import { insertAccount } from './_fixture';

/**
 * The leaderboard (trust.md §2): providers with a score, by score, then 30-day uptime (none
 * last), then delivered contracts; pages follow one another without gaps or repeats.
 */

let world: ContractWorld;
const names = new Map<string, string>();

beforeAll(async () => {
  world = await contractWorld({ DC_PROBER_ENABLED: 'false' });
  const db = world.server.database.db;
  const rows: [key: string, score: number | null, uptime: number | null, delivered: number][] = [
    ['p1', 90, 99.9, 10],
    ['p2', 90, 99.9, 20],
    ['p3', 90, null, 50],
    ['p4', 95, 90, 5],
    ['p5', null, 100, 3],
    ['p6', 80.5, 100, 7],
  ];
  for (const [key, score, uptime, delivered] of rows) {
    const id = await insertAccount(db, key);
    const account = await db
      .selectFrom('accounts')
      .select('username')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    names.set(key, account.username);
    await db
      .insertInto('providers')
      .values({
        account_id: id,
        legal_name: `${key} GmbH`,
        display_name: key.toUpperCase(),
        country: 'DE',
        support_email: `${key}@example.com`,
        support_policy: JSON.stringify({ response_hours: 4, channels: ['email'], hours: '24/7' }),
      } as never)
      .execute();
    await db
      .insertInto('provider_records')
      .values({
        provider_id: id,
        formula_version: 'v1',
        trust_score: score,
        null_reason: score === null ? 'Not enough data: 3 delivered contracts.' : null,
        uptime_30d: uptime,
        delivered_contracts: delivered,
        metrics: '{}',
        flags: '[]',
        computed_at: new Date('2026-03-01T09:00:00Z'),
      })
      .execute();
  }
});

afterAll(async () => {
  await world?.stop();
});

describe('the leaderboard', () => {
  it('orders by score, then uptime (none last), then delivered contracts, and leaves out no-score providers', async () => {
    const board = await getLeaderboard(world.server.anonymous, {});
    expect(board.items.map((i) => i.display_name)).toEqual(['P4', 'P2', 'P1', 'P3', 'P6']);
    expect(board.items[0]).toMatchObject({
      username: names.get('p4'),
      trust_score: 95,
      uptime_30d_pct: 90,
      delivered_contracts: 5,
      computed_at: '2026-03-01T09:00:00.000Z',
    });
    expect(board.items[3]?.uptime_30d_pct).toBeNull();
    expect(board.next_cursor).toBeNull();
  });

  it('pages through the same order with next_cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const board = await getLeaderboard(world.server.anonymous, {
        limit: 2,
        ...(cursor === undefined ? {} : { cursor }),
      });
      seen.push(...board.items.map((i) => i.display_name));
      if (board.next_cursor === null) break;
      cursor = board.next_cursor;
    }
    expect(seen).toEqual(['P4', 'P2', 'P1', 'P3', 'P6']);
  });

  it('refuses a cursor it did not issue, naming the parameter', async () => {
    const error = await getLeaderboard(world.server.anonymous, {
      cursor: 'bm90LWEtY3Vyc29y',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_cursor' });
  });
});
