// The catalog search over real HTTP: what is listed (spec §1) and who sees shared offerings,
// paging with cursors, and refused queries as 400s naming the field and position. Each test
// keeps to its own offerings with a unique city, so tests do not see each other's rows.

import { getOffering, type Offering, searchOfferings } from '@dc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server';
import { newAccount, newProvider, offer, problemOf, unique } from './_support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

type Searcher = Parameters<typeof searchOfferings>[0];
const ids = (offerings: readonly Offering[]) => offerings.map((o) => o.id);

async function searchIds(client: Searcher, q: string): Promise<string[]> {
  return ids((await searchOfferings(client, { q, limit: 100 })).items);
}

describe('searchOfferings', () => {
  it('pages through matches in the order asked for, each exactly once', async () => {
    const provider = await newProvider(server);
    const city = unique('Pagecity');
    const prices = [4200, 1500, 9900, 2500, 3100, 7000, 500];
    const created: Offering[] = [];
    for (const price of prices)
      created.push(await offer(provider, { city, price_per_month: price }));
    // Matches the city but not the price filter: never returned.
    await offer(provider, { city, price_per_month: 20_000 });

    const q = `city:"${city}" price:<=100 type:compute`;
    const seen: Offering[] = [];
    let page = await searchOfferings(server.anonymous, { q, sort: 'price', limit: 3 });
    const pageSizes = [page.items.length];
    seen.push(...page.items);
    while (page.next_cursor !== null) {
      page = await searchOfferings(server.anonymous, {
        q,
        sort: 'price',
        limit: 3,
        cursor: page.next_cursor,
      });
      pageSizes.push(page.items.length);
      seen.push(...page.items);
    }
    expect(pageSizes).toEqual([3, 3, 1]);
    const cheapestFirst = [...created].sort((a, b) => a.price_per_month - b.price_per_month);
    expect(ids(seen)).toEqual(ids(cheapestFirst));
    expect(seen.every((o) => o.listed && o.provider_username === provider.username)).toBe(true);

    const dearestFirst = await searchOfferings(server.anonymous, { q, sort: '-price', limit: 100 });
    expect(ids(dearestFirst.items)).toEqual(ids(cheapestFirst).reverse());
    expect(dearestFirst.next_cursor).toBeNull();
  });

  it('lists only published public offerings, in stock and online unless the query asks otherwise', async () => {
    const provider = await newProvider(server);
    const city = unique('Listcity');
    const listed = await offer(provider, { city });
    await offer(provider, { city, draft: true });
    await offer(provider, { city, visibility: 'private' });
    const soldOut = await offer(provider, { city, stock: 'out_of_stock' });
    // Served by the pool's agent, which has not reported yet.
    const agentServed = await offer(provider, {
      city,
      provisioner: 'docker',
      pool_id: provider.poolId,
    });

    expect(await searchIds(server.anonymous, `city:"${city}"`)).toEqual([listed.id]);
    // The owner searches the same catalog; drafts and private ones are in listMyOfferings.
    expect(await searchIds(provider.client, `city:"${city}"`)).toEqual([listed.id]);
    expect(await searchIds(server.anonymous, `city:"${city}" stock:out_of_stock`)).toEqual([
      soldOut.id,
    ]);
    expect(await searchIds(server.anonymous, `city:"${city}" online:false`)).toEqual([
      agentServed.id,
    ]);
    expect(
      new Set(await searchIds(server.anonymous, `city:"${city}" -stock:discontinued`)),
    ).toEqual(new Set([listed.id, soldOut.id]));

    // The agent reports: its offering is online, so listed.
    await server.database.db
      .updateTable('pools')
      .set({ last_heartbeat_at: new Date() })
      .where('id', '=', provider.poolId)
      .execute();
    expect(new Set(await searchIds(server.anonymous, `city:"${city}"`))).toEqual(
      new Set([listed.id, agentServed.id]),
    );
    // A heartbeat older than the 90 s window no longer counts.
    await server.database.db
      .updateTable('pools')
      .set({ last_heartbeat_at: new Date(Date.now() - 5 * 60_000) })
      .where('id', '=', provider.poolId)
      .execute();
    expect(await searchIds(server.anonymous, `city:"${city}"`)).toEqual([listed.id]);
  });

  it('shows a shared offering only to the accounts on its allow-list', async () => {
    const provider = await newProvider(server);
    const friend = await newAccount(server);
    const stranger = await newAccount(server);
    const city = unique('Sharedcity');
    const shared = await offer(provider, {
      city,
      visibility: 'shared',
      allowed_accounts: [friend.username],
    });
    const q = `city:"${city}"`;

    expect(await searchIds(friend.client, q)).toEqual([shared.id]);
    expect(await searchIds(stranger.client, q)).toEqual([]);
    expect(await searchIds(server.anonymous, q)).toEqual([]);
    expect(await searchIds(provider.client, q)).toEqual([]);

    const asFriend = await getOffering(friend.client, { id: shared.id });
    // A renter sees neither the allow-list (other customers) nor the provider's settings.
    expect(asFriend.offering).toMatchObject({
      id: shared.id,
      allowed_accounts: [],
      provisioner_config: {},
      listed: false,
    });
    for (const client of [stranger.client, server.anonymous]) {
      expect(await problemOf(getOffering(client, { id: shared.id }))).toMatchObject({
        status: 404,
        code: 'not_found',
      });
    }
    expect(
      (await getOffering(provider.client, { id: shared.id })).offering.allowed_accounts,
    ).toEqual([friend.username]);
  });

  it('refuses a bad query with 400 invalid_search_query naming the field and position', async () => {
    const unknownField = await problemOf(
      searchOfferings(server.anonymous, { q: 'type:gpu colour:red' }),
    );
    expect(unknownField).toMatchObject({
      status: 400,
      code: 'invalid_search_query',
      paths: ['query.q'],
    });
    expect(unknownField.detail).toContain('colour');
    expect(unknownField.detail).toContain('position 9');

    const badValue = await problemOf(searchOfferings(server.anonymous, { q: 'cores:>=many' }));
    expect(badValue).toMatchObject({ status: 400, code: 'invalid_search_query' });
    expect(badValue.detail).toContain('cores');

    const badCursor = await problemOf(
      searchOfferings(server.anonymous, { q: 'type:gpu', cursor: 'not-a-cursor' }),
    );
    expect(badCursor).toMatchObject({ status: 400, code: 'invalid_cursor' });
  });
});
