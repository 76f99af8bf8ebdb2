// Price against the market (spec §4) over real HTTP: the median of >= 5 comparable listed
// offerings and the offering's percentage against it, checked against a computation written
// here from the spec's words, and the stored copy the `market:` search field filters on.

import { deleteOffering, getOffering, type Offering, searchOfferings } from '@dc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshMarketPrices, refreshMarketPricesOnce } from '../../src/offerings/market';
import { startTestServer, type TestServer } from '../support/server';
import { newProvider, offer, unique } from './_support';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** Comparable (spec §4): same type, currency and region; cores and memory within x1.5. */
function comparable(subject: Offering, other: Offering): boolean {
  const within = (a: number, b: number) => a <= b * 1.5 && a >= b / 1.5;
  return (
    other.id !== subject.id &&
    other.listed &&
    other.product_type === subject.product_type &&
    other.currency === subject.currency &&
    other.region === subject.region &&
    within(other.cpu_cores, subject.cpu_cores) &&
    within(other.memory_mib, subject.memory_mib)
  );
}

/** The expected comparison of `subject` among `catalog`, computed independently of the server. */
function expectedMarket(subject: Offering, catalog: readonly Offering[]) {
  const prices = catalog
    .filter((other) => comparable(subject, other))
    .map((o) => o.price_per_month)
    .sort((a, b) => a - b);
  if (prices.length < 5) {
    return { median_price_per_month: null, delta_pct: null, comparables: prices.length };
  }
  const middle = prices.length / 2;
  const median = Number.isInteger(middle)
    ? ((prices[middle - 1] ?? 0) + (prices[middle] ?? 0)) / 2
    : (prices[Math.floor(middle)] ?? 0);
  const delta = ((subject.price_per_month - median) / median) * 100;
  return {
    median_price_per_month: Math.round(median),
    delta_pct: Math.round(delta * 10) / 10,
    comparables: prices.length,
  };
}

describe('market price comparison', () => {
  it('compares an offering with the median of its comparable listed offerings', async () => {
    const provider = await newProvider(server);
    const rival = await newProvider(server);
    const city = unique('Marketcity');
    const base = {
      city,
      product_type: 'dedicated' as const,
      virtualization: 'bare_metal' as const,
      currency: 'CHF',
      country: 'CH',
      cpu_cores: 8,
      memory_mib: 16_384,
    };
    const subject = await offer(provider, { ...base, price_per_month: 10_000 });
    const catalog: Offering[] = [subject];
    const add = async (owner = rival, overrides: Parameters<typeof offer>[1] = {}) => {
      const created = await offer(owner, { ...base, ...overrides });
      catalog.push(created);
      return created;
    };
    // Comparable, four of them on the x1.5 edges.
    await add(rival, { price_per_month: 9_000 });
    await add(rival, { price_per_month: 12_000, cpu_cores: 12 });
    await add(rival, { price_per_month: 8_000, cpu_cores: 6, memory_mib: 12_288 });
    await add(rival, { price_per_month: 15_000, memory_mib: 24_576 });
    // Not comparable, and cheap or dear enough to move the median if counted.
    await add(rival, { price_per_month: 1, cpu_cores: 13 });
    await add(rival, { price_per_month: 1, memory_mib: 10_000 });
    await add(rival, { price_per_month: 1, currency: 'EUR' });
    await add(rival, { price_per_month: 1, country: 'US' });
    await add(rival, { price_per_month: 1, product_type: 'compute', virtualization: 'kvm' });
    await add(rival, { price_per_month: 1, draft: true });
    await add(rival, { price_per_month: 1, stock: 'out_of_stock' });
    await add(rival, { price_per_month: 1, provisioner: 'docker', pool_id: rival.poolId });
    const deleted = await add(rival, { price_per_month: 1 });
    await deleteOffering(rival.client, { id: deleted.id });
    catalog.splice(catalog.indexOf(deleted), 1);

    // Four comparables: below the threshold of five.
    const tooFew = await getOffering(server.anonymous, { id: subject.id });
    expect(tooFew.market).toEqual(expectedMarket(subject, catalog));
    expect(tooFew.market).toEqual({
      median_price_per_month: null,
      delta_pct: null,
      comparables: 4,
    });
    expect(tooFew.offering.market_delta_pct).toBeNull();

    // The fifth: an odd count, the middle price.
    await add(provider, { price_per_month: 11_000, cpu_cores: 10, memory_mib: 20_000 });
    const odd = await getOffering(server.anonymous, { id: subject.id });
    expect(odd.market).toEqual(expectedMarket(subject, catalog));
    expect(odd.market).toEqual({ median_price_per_month: 11_000, delta_pct: -9.1, comparables: 5 });
    expect(odd.offering.market_delta_pct).toBe(-9.1);
    expect(odd.provider).toMatchObject({ username: provider.username, listed_offerings: 2 });

    // A sixth: an even count, the mean of the two middle prices (10 500.5, shown rounded).
    await add(rival, { price_per_month: 10_001 });
    const even = await getOffering(server.anonymous, { id: subject.id });
    expect(even.market).toEqual(expectedMarket(subject, catalog));
    expect(even.market).toEqual({
      median_price_per_month: 10_501,
      delta_pct: -4.8,
      comparables: 6,
    });
  });

  it('stores the comparison for the market: search field when refreshed', async () => {
    const provider = await newProvider(server);
    const city = unique('Refreshcity');
    const prices = [5_000, 6_000, 7_000, 8_000, 9_000, 10_000];
    const catalog: Offering[] = [];
    for (const price of prices) {
      catalog.push(
        await offer(provider, { city, currency: 'SEK', country: 'SE', price_per_month: price }),
      );
    }
    await refreshMarketPrices(server.database.db);

    const page = await searchOfferings(server.anonymous, { q: `city:"${city}"`, limit: 100 });
    const stored = new Map(page.items.map((o) => [o.id, o.market_delta_pct]));
    for (const offering of catalog) {
      expect(stored.get(offering.id)).toBe(expectedMarket(offering, catalog).delta_pct);
      const detail = await getOffering(server.anonymous, { id: offering.id });
      expect(detail.market.delta_pct).toBe(stored.get(offering.id));
    }
    const atOrBelow = await searchOfferings(server.anonymous, {
      q: `city:"${city}" market:<=0`,
      sort: 'price',
      limit: 100,
    });
    const expected = catalog.filter((o) => (expectedMarket(o, catalog).delta_pct ?? 1) <= 0);
    expect(atOrBelow.items.map((o) => o.id)).toEqual(expected.map((o) => o.id));
    expect(expected.length).toBe(3);
  });
});

describe('periodic market refresh', () => {
  it('runs in one instance at a time: another holding the refresh lock makes it skip', async () => {
    const pg = await startTestServer({}, { engine: 'postgres' });
    try {
      const provider = await newProvider(pg);
      const city = unique('Lockcity');
      const catalog: Offering[] = [];
      for (const price of [5_000, 6_000, 7_000, 8_000, 9_000, 10_000]) {
        catalog.push(
          await offer(provider, { city, currency: 'NOK', country: 'NO', price_per_month: price }),
        );
      }
      const db = pg.database.db;
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      // Another instance's refresh, in progress: it holds the lock until released.
      const other = db.transaction().execute(async (trx) => {
        await sql`SELECT pg_advisory_xact_lock(hashtext('dc:market-refresh'))`.execute(trx);
        locked();
        await held;
      });
      await isLocked;
      expect(await refreshMarketPricesOnce(db)).toBeNull();
      release();
      await other;
      // Its turn now: the stored comparison is brought up to date.
      await sql`UPDATE offerings SET market_delta_pct = NULL WHERE city = ${city}`.execute(db);
      expect(await refreshMarketPricesOnce(db)).toBe(catalog.length);
      const page = await searchOfferings(pg.anonymous, { q: `city:"${city}"`, limit: 100 });
      expect(page.items).toHaveLength(catalog.length);
      for (const offering of page.items) {
        const subject = catalog.find((o) => o.id === offering.id) as Offering;
        const expected = expectedMarket(subject, catalog).delta_pct;
        expect(expected).not.toBeNull();
        expect(offering.market_delta_pct).toBe(expected);
      }
    } finally {
      await pg.stop();
    }
  });
});
