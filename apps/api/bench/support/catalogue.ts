import { regionOfCountry } from '@dc/client';
import { currencyExponent } from '@dc/pricing';
import type { DatabaseHandle } from '../../src/db/connect';

/**
 * Countries with rough weights of a real catalogue (many US and DE offerings, a long tail), and
 * cities for some, so that `country:US`, `-country:CN` and `city:"New York"` select realistic
 * fractions.
 */
const COUNTRIES: readonly [country: string, weight: number, cities: readonly string[]][] = [
  ['US', 30, ['New York', 'Ashburn', 'Dallas', 'Los Angeles', 'Seattle']],
  ['DE', 20, ['Falkenstein', 'Nuremberg', 'Frankfurt']],
  ['FI', 6, ['Helsinki']],
  ['FR', 6, ['Paris', 'Roubaix']],
  ['NL', 6, ['Amsterdam']],
  ['GB', 5, ['London']],
  ['CA', 4, ['Toronto', 'Montreal']],
  ['SG', 4, ['Singapore']],
  ['JP', 3, ['Tokyo']],
  ['CN', 3, ['Shanghai', 'Beijing']],
  ['BR', 3, ['Sao Paulo']],
  ['AU', 3, ['Sydney']],
  ['IN', 3, ['Mumbai']],
  ['CH', 2, ['Zurich']],
  ['ZA', 1, ['Johannesburg']],
  ['AE', 1, ['Dubai']],
];

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'JPY'] as const;

/** What {@link seedCatalogue} made. */
export interface Catalogue {
  readonly offerings: number;
  readonly providers: number;
}

const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A deterministic RFC 4122 version-4 UUID from a text expression (md5 with the bits set). */
const uuidOf = (expression: string) =>
  `overlay(overlay(md5(${expression}) placing '4' from 13) placing '8' from 17)::uuid`;

/**
 * Inserts `count` offerings from `providers` providers straight into the database with
 * `generate_series` (seconds for 100,000 rows), every row valid for the API's response schema:
 * mostly listed (public, published, in stock, served by the `manual` provisioner or an online
 * pool), with drafts, private, sold-out and offline ones mixed in as a real catalogue has.
 * `setseed` makes the same catalogue every run.
 */
export async function seedCatalogue(
  handle: DatabaseHandle,
  count: number,
  providers = Math.max(1, Math.round(count / 500)),
): Promise<Catalogue> {
  const countryRows = COUNTRIES.flatMap(([country, weight, cities]) =>
    Array.from(
      { length: weight },
      () =>
        `(${literal(country)}, ${literal(regionOfCountry(country) ?? '')}, ARRAY[${cities.map(literal).join(',')}]::text[])`,
    ),
  );
  const currencyRows = CURRENCIES.map(
    (currency, index) => `(${index}, ${literal(currency)}, ${currencyExponent(currency)})`,
  );
  const script = `
    SELECT setseed(0.42);

    INSERT INTO accounts (id, username, created_at)
    SELECT ${uuidOf("'provider' || i")}, 'bench-provider-' || i, now() - make_interval(days => i)
    FROM generate_series(1, ${providers}) AS i;

    INSERT INTO providers (account_id, legal_name, display_name, country, support_email, support_policy, trust_score)
    SELECT ${uuidOf("'provider' || i")}, 'Bench Hosting ' || i || ' Ltd', 'Bench ' || i, 'DE',
           'support' || i || '@bench.example',
           '{"response_hours":24,"channels":["email"],"hours":"24/7"}'::jsonb,
           round((random() * 100)::numeric, 1)
    FROM generate_series(1, ${providers}) AS i;

    -- One pool per provider; three in four have an agent that reported a minute ago.
    INSERT INTO pools (id, provider_id, name, region, country, provisioner_kinds, last_heartbeat_at)
    SELECT ${uuidOf("'pool' || i")}, ${uuidOf("'provider' || i")}, 'pool-' || i, 'europe', 'DE',
           ARRAY['hetzner'], CASE WHEN i % 4 = 0 THEN NULL ELSE now() - interval '1 minute' END
    FROM generate_series(1, ${providers}) AS i;

    CREATE TEMP TABLE bench_countries (country text, region text, cities text[]);
    INSERT INTO bench_countries VALUES ${countryRows.join(',\n')};
    CREATE TEMP TABLE bench_currencies (n int, code text, exponent int);
    INSERT INTO bench_currencies VALUES ${currencyRows.join(',')};

    INSERT INTO offerings (
      provider_id, slug, name, description, product_type, virtualization, visibility, stock, draft,
      currency, currency_exponent, price_per_month, cpu_cores, cpu_model, cpu_arch, memory_mib,
      disk_gib, disk_kind, gpu_model, gpu_count, gpu_memory_gib, bandwidth_mbps,
      traffic_gib_per_month, ipv4, ipv6, country, city, region, provisioner, pool_id, os_images,
      trust_score, uptime_30d, created_at)
    SELECT
      ${uuidOf("'provider' || g.provider")},
      'offer-' || g.i,
      initcap(g.type) || ' ' || g.cores || ' vCPU ' || (g.memory_mib / 1024) || ' GB #' || g.i,
      'Generated offering ' || g.i || ' for the search benchmark.',
      g.type,
      CASE WHEN g.type = 'dedicated' THEN 'bare_metal' ELSE 'kvm' END,
      CASE WHEN g.r1 < 0.90 THEN 'public' WHEN g.r1 < 0.95 THEN 'shared' ELSE 'private' END,
      CASE WHEN g.r2 < 0.85 THEN 'in_stock' WHEN g.r2 < 0.95 THEN 'out_of_stock' ELSE 'discontinued' END,
      g.r3 < 0.05,
      cur.code, cur.exponent,
      -- 3 to 2,000 major units, skewed towards cheap.
      greatest(1, round((3 + power(g.r4, 3) * 1997) * power(10, cur.exponent)))::bigint,
      g.cores,
      CASE WHEN g.r5 < 0.5 THEN 'AMD EPYC 9454P' ELSE 'Intel Xeon Gold 6338' END,
      CASE WHEN g.r5 < 0.9 THEN 'x86_64' ELSE 'arm64' END,
      g.memory_mib,
      (ARRAY[20, 40, 80, 160, 320, 960, 1920, 3840])[1 + floor(g.r6 * 8)::int],
      (ARRAY['ssd', 'nvme', 'hdd'])[1 + floor(g.r6 * 3)::int],
      CASE WHEN g.type = 'gpu' THEN (ARRAY['NVIDIA H100', 'NVIDIA A100', 'NVIDIA L4', 'NVIDIA RTX 4090'])[1 + floor(g.r7 * 4)::int] END,
      CASE WHEN g.type = 'gpu' THEN (ARRAY[1, 1, 2, 4, 8])[1 + floor(g.r7 * 5)::int] ELSE 0 END,
      CASE WHEN g.type = 'gpu' THEN (ARRAY[24, 40, 80])[1 + floor(g.r8 * 3)::int] END,
      (ARRAY[100, 1000, 1000, 10000])[1 + floor(g.r8 * 4)::int],
      CASE WHEN g.r8 < 0.3 THEN NULL ELSE 1000 * (1 + floor(g.r8 * 20)::int) END,
      true, g.r8 < 0.7,
      c.country,
      CASE WHEN g.r9 < 0.8 THEN c.cities[1 + floor(g.r9 / 0.8 * array_length(c.cities, 1))::int] END,
      c.region,
      CASE WHEN g.r10 < 0.5 THEN 'manual' ELSE 'hetzner' END,
      CASE WHEN g.r10 < 0.5 THEN NULL ELSE ${uuidOf("'pool' || g.provider")} END,
      ARRAY['ubuntu-24.04', 'debian-12'],
      round((g.r11 * 100)::numeric, 1),
      round((95 + g.r12 * 5)::numeric, 3),
      now() - make_interval(mins => g.i)
    FROM (
      SELECT i, 1 + (i % ${providers}) AS provider,
        (ARRAY['compute', 'compute', 'compute', 'compute', 'compute', 'dedicated', 'dedicated', 'gpu', 'gpu', 'storage', 'network'])[1 + floor(random() * 11)::int] AS type,
        (ARRAY[1, 2, 4, 8, 8, 16, 32, 64, 128])[1 + floor(random() * 9)::int] AS cores,
        (ARRAY[1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144])[1 + floor(random() * 9)::int] AS memory_mib,
        floor(random() * ${countryRows.length})::int AS country_n,
        floor(power(random(), 1.5) * ${CURRENCIES.length})::int AS currency_n,
        random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5,
        random() AS r6, random() AS r7, random() AS r8, random() AS r9, random() AS r10,
        random() AS r11, random() AS r12
      FROM generate_series(1, ${count}) AS i
    ) AS g
    JOIN (SELECT row_number() OVER () - 1 AS n, * FROM bench_countries) AS c ON c.n = g.country_n
    JOIN bench_currencies AS cur ON cur.n = g.currency_n;

    DROP TABLE bench_countries;
    DROP TABLE bench_currencies;
  `;
  await handle.scriptTransaction((tx) => tx.exec(script));
  // Fresh statistics, as autovacuum would have after a bulk load in production.
  await handle.scriptTransaction((tx) => tx.exec('ANALYZE'));
  return { offerings: count, providers };
}
