// The SQL translation against a real database: 2,000 generated offerings with the real
// migrations, on PGlite and on PostgreSQL. Every query must return exactly what the test's own in-memory filter
// returns, every sort must page through all rows with no duplicate and no gap, and no query
// text may ever produce a SQL error.

import {
  parseSearchQuery,
  SEARCH_FIELD_NAMES,
  SearchQueryError,
  type SearchSort,
} from '@dc/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySearch, searchWhere, toSearchPage } from '../../src/search/index';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases';
import { type CatalogueDatabase, openCatalogue } from './catalogue-db';
import { MORE_QUERIES, SPEC_EXAMPLES } from './queries';
import { referenceMatches, referenceSort } from './reference';

describe.each(ENGINES)('on %s', (engine) => {
  let catalogue: CatalogueDatabase;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    // PGlite in memory starts quickest; PostgreSQL gets a fresh database on the run's server.
    if (engine === 'postgres') database = await createTestDatabase('postgres');
    catalogue = await openCatalogue(2_000, database?.location);
  });

  afterAll(async () => {
    await catalogue?.handle.close();
    await database?.drop();
  });

  async function idsMatching(text: string): Promise<string[]> {
    const rows = await catalogue
      .from()
      .select('o.id')
      .where(searchWhere(parseSearchQuery(text), catalogue.columns))
      .execute();
    return rows.map((row) => row.id).sort();
  }

  function expectedIds(text: string): string[] {
    const query = parseSearchQuery(text);
    return catalogue.offerings
      .filter((o) => referenceMatches(query, o))
      .map((o) => o.id)
      .sort();
  }

  describe('every query returns exactly the rows of the reference filter', () => {
    it.each(SPEC_EXAMPLES)('spec example: %s', async (text) => {
      const expected = expectedIds(text);
      expect(expected.length).toBeGreaterThan(0);
      expect(await idsMatching(text)).toStrictEqual(expected);
    });

    it.each(MORE_QUERIES)('%s', async (text) => {
      expect(await idsMatching(text)).toStrictEqual(expectedIds(text));
    });

    it('most queries match some rows but not all, so the comparison means something', () => {
      const total = catalogue.offerings.length;
      const partial = MORE_QUERIES.filter((text) => {
        const count = expectedIds(text).length;
        return count > 0 && count < total;
      });
      expect(partial.length).toBeGreaterThanOrEqual(MORE_QUERIES.length - 3);
    });
  });

  const SORTS: readonly (SearchSort | undefined)[] = [
    undefined,
    'price',
    '-price',
    'trust',
    '-uptime',
    'newest',
  ];

  async function walk(text: string, sort: SearchSort | undefined, limit: number) {
    const query = parseSearchQuery(text);
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const request = { query, sort, cursor, limit };
      const rows = await applySearch(
        catalogue.from().select('o.id'),
        request,
        catalogue.columns,
      ).execute();
      const page = toSearchPage(rows, request);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.items.map((item) => item.id));
      cursor = page.next_cursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined && pages < 1_000);
    return { ids, pages };
  }

  describe('cursor pagination walks every row once, in order, for every sort', () => {
    it.each(SORTS.map((sort) => [sort ?? '(default)', sort] as const))(
      'sort=%s, all offerings, 97 per page',
      async (_, sort) => {
        const { ids, pages } = await walk('', sort, 97);
        const expected = referenceSort(catalogue.offerings, sort).map((o) => o.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toStrictEqual(expected);
        expect(pages).toBe(Math.ceil(expected.length / 97));
      },
    );

    it.each(SORTS.map((sort) => [sort ?? '(default)', sort] as const))(
      'sort=%s, a filtered search, 100 per page',
      async (_, sort) => {
        const text = '-trust:>=70 type:(compute OR dedicated OR gpu)';
        const { ids } = await walk(text, sort, 100);
        const query = parseSearchQuery(text);
        const matching = catalogue.offerings.filter((o) => referenceMatches(query, o));
        expect(ids).toStrictEqual(referenceSort(matching, sort).map((o) => o.id));
      },
    );

    it('a page size of 1 walks a small result exactly', async () => {
      const text = 'country:ZA';
      const { ids, pages } = await walk(text, 'newest', 1);
      expect(ids).toStrictEqual(
        referenceSort(
          catalogue.offerings.filter((o) => o.country === 'ZA'),
          'newest',
        ).map((o) => o.id),
      );
      expect(pages).toBe(ids.length);
    });
  });

  describe('no query text ever reaches the database as a SQL error', () => {
    const pieces = [
      ...SEARCH_FIELD_NAMES,
      ':',
      '(',
      ')',
      '[',
      ']',
      '"',
      '\\',
      ' ',
      ' ',
      ' ',
      '-',
      '!',
      '>=',
      '<=',
      '>',
      '<',
      "'",
      ';',
      '%',
      '_',
      'AND',
      'OR',
      'TO',
      'gpu',
      'US',
      'EUR',
      'true',
      'x',
      '0',
      '-3',
      '1.5',
      '20EUR',
      '16GB',
      '1TB',
      '1Gbps',
      '99.9%',
      '1e309',
      '99999999999999999999',
      '0.0000001',
      'NaN',
      '\u00e9',
      '\ud800',
      '--',
    ];
    const dslish = fc.array(fc.constantFrom(...pieces), { maxLength: 24 }).map((p) => p.join(''));

    it('random query strings are either refused by the parser or run', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(dslish, fc.string({ maxLength: 40 })), async (text) => {
          let query: ReturnType<typeof parseSearchQuery>;
          try {
            query = parseSearchQuery(text);
          } catch (error) {
            if (error instanceof SearchQueryError) return;
            throw error;
          }
          const request = { query, limit: 5 };
          const rows = await applySearch(
            catalogue.from().select('o.id'),
            request,
            catalogue.columns,
          ).execute();
          expect(rows.length).toBeLessThanOrEqual(6);
        }),
        { numRuns: 400 },
      );
    });
  });
});
