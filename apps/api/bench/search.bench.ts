import pino from 'pino';
import { bench, describe } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer } from '../src/server';
import { createTestDatabase } from '../test/support/databases';
import { seedCatalogue } from './support/catalogue';
import { captureQueries, explainAnalyze } from './support/explain';
import { ms, percentile } from './support/stats';

/**
 * Search over 100,000 offerings on PostgreSQL through the real HTTP route: each example query of
 * the spec (marketplace.md §2), run many times one after another, with p50/p95 per query
 * (target: p95 <= 20 ms), and the `EXPLAIN (ANALYZE, BUFFERS)` plan of the SQL the route sent.
 *
 * `cd apps/api && pnpm bench` (the run's PostgreSQL is the embedded one the test setup starts,
 * or `DC_TEST_DATABASE_URL`).
 */

const OFFERINGS = 100_000;
const SAMPLES = 300;

const QUERIES = {
  'spec 1': { q: 'type:gpu price:<=100 country:US' },
  'spec 2': {
    q: 'type:(gpu OR compute) price:[50 TO 500] cores:>=8 !stock:out_of_stock country:(US OR DE)',
  },
  'spec 3': { q: '-country:CN trust:>=70' },
  'spec 4': { q: 'city:"New York" memory:>=32GB' },
  'no query (default order)': { q: '' },
  'spec 1, sort=price': { q: 'type:gpu price:<=100 country:US', sort: 'price' },
} as const;

const database = await createTestDatabase('postgres');
const databaseUrl = database.env['DATABASE_URL'] as string;
const config = loadConfig({
  DC_API_PORT: '0',
  DC_LOG_LEVEL: 'silent',
  DC_RATE_LIMIT_PER_IP: '1000000',
  DC_RATE_LIMIT_PER_KEY: '1000000',
  ...database.env,
});
const server = await startServer(config, { logger: pino({ level: 'error' }) });
const seedStarted = performance.now();
await seedCatalogue(server.database, OFFERINGS);
console.log(
  `Seeded ${OFFERINGS.toLocaleString('en')} offerings in ${Math.round(performance.now() - seedStarted)} ms`,
);

const urlOf = (query: { q: string; sort?: string }) =>
  `${server.url}/v1/offerings?${new URLSearchParams(query).toString()}`;

async function search(query: { q: string; sort?: string }): Promise<number> {
  const response = await fetch(urlOf(query));
  const body = (await response.json()) as { items?: unknown[] };
  if (response.status !== 200) {
    throw new Error(`${urlOf(query)} answered ${response.status}: ${JSON.stringify(body)}`);
  }
  return body.items?.length ?? 0;
}

// The plans, once each, before timing: the SQL is captured as the route sends it.
for (const [name, query] of Object.entries(QUERIES)) {
  let items = 0;
  const statements = await captureQueries(async () => {
    items = await search(query);
  });
  const searches = statements.filter(
    (statement) => /from "offerings"/i.test(statement.text) && /\blimit\b/i.test(statement.text),
  );
  console.log(
    `\n=== ${name}: q=${JSON.stringify(query.q)}${'sort' in query ? ` sort=${query.sort}` : ''} -> ${items} items on the first page`,
  );
  for (const statement of searches) {
    console.log(statement.text);
    console.log(`-- parameters: ${JSON.stringify(statement.values)}`);
    console.log(await explainAnalyze(databaseUrl, statement));
  }
}

const samples = new Map<string, number[]>();
const names = Object.keys(QUERIES);

async function finish(): Promise<void> {
  console.table(
    names.map((name) => {
      const durations = samples.get(name) ?? [];
      return {
        query: name,
        samples: durations.length,
        'p50 ms': ms(percentile(durations, 50)),
        'p95 ms': ms(percentile(durations, 95)),
        'max ms': ms(Math.max(...durations)),
      };
    }),
  );
  await server.close();
  await database.drop();
}

describe(`search ${OFFERINGS.toLocaleString('en')} offerings on PostgreSQL over HTTP`, () => {
  for (const [name, query] of Object.entries(QUERIES)) {
    bench(
      name,
      async () => {
        const started = performance.now();
        await search(query);
        samples.get(name)?.push(performance.now() - started);
      },
      {
        iterations: SAMPLES,
        time: 0,
        warmupIterations: 20,
        warmupTime: 0,
        // Only the measured run counts; the last query's run closes the server.
        setup: (_task, mode) => {
          if (mode === 'run') samples.set(name, []);
        },
        teardown: async (_task, mode) => {
          if (mode === 'run' && name === names.at(-1)) await finish();
        },
      },
    );
  }
});
