// A deterministic catalogue of offerings for the search tests: a seeded generator, with many
// ties in every sort key, NULLs in every nullable column, and text that needs escaping
// (quotes, %, _, backslashes, an apostrophe).

/** One generated offering, as the test's reference filter sees it. */
export interface FixtureOffering {
  readonly id: string;
  readonly provider_id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly product_type: string;
  readonly virtualization: string;
  readonly stock: string;
  readonly currency: string;
  readonly currency_exponent: number;
  readonly price_per_month: bigint;
  readonly min_hours: number;
  readonly max_hours: number | null;
  readonly cpu_cores: number;
  readonly cpu_model: string | null;
  readonly cpu_arch: string;
  readonly memory_mib: number;
  readonly disk_gib: number;
  readonly disk_kind: string;
  readonly gpu_model: string | null;
  readonly gpu_count: number;
  readonly gpu_memory_gib: number | null;
  readonly bandwidth_mbps: number;
  readonly traffic_gib_per_month: number | null;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
  readonly country: string;
  readonly city: string | null;
  readonly region: string;
  readonly pool_id: string | null;
  readonly trust_score: string | null;
  readonly uptime_30d: string | null;
  readonly market_delta_pct: string | null;
  /** UTC ISO 8601 with microseconds, the exact stored instant. */
  readonly created_at: string;
  /** What the test's `online` SQL computes: no pool = true, pool never seen = null. */
  readonly online: boolean | null;
}

/** A pool and its last heartbeat (ISO, or null for never). */
export interface FixturePool {
  readonly id: string;
  readonly provider_id: string;
  readonly last_heartbeat_at: string | null;
}

/** Heartbeats at or after this instant count as online. */
export const ONLINE_CUTOFF = '2025-06-01T00:00:00.000Z';

/** mulberry32: tiny, fast, and the same sequence on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const CURRENCIES = [
  { code: 'USD', exponent: 2, prices: ['5', '9.99', '20', '49.5', '100', '250', '1000'] },
  { code: 'EUR', exponent: 2, prices: ['4.5', '9.99', '20', '50', '100', '499.99'] },
  { code: 'JPY', exponent: 0, prices: ['500', '1000', '20', '100', '15000'] },
  { code: 'KWD', exponent: 3, prices: ['1.5', '20', '99.999', '0.125'] },
];
const PLACES: readonly (readonly [string, string, readonly (string | null)[]])[] = [
  ['US', 'north_america', ['New York', 'Dallas', 'new york city', "O'Fallon", null]],
  ['CA', 'north_america', ['Montreal', null]],
  ['DE', 'europe', ['Frankfurt', 'Nuremberg', 'Falkenstein', null]],
  ['FI', 'europe', ['Helsinki', null]],
  ['FR', 'europe', ['Paris', 'Roubaix', '100% City']],
  ['NL', 'europe', ['Amsterdam', 'Dallas_2']],
  ['JP', 'asia_pacific', ['Tokyo', 'Osaka']],
  ['SG', 'asia_pacific', ['Singapore']],
  ['CN', 'asia_pacific', ['Shanghai', null]],
  ['BR', 'latin_america', ['Sao Paulo']],
  ['RU', 'cis', ['Moscow']],
  ['ZA', 'sub_saharan_africa', ['Johannesburg']],
  ['AE', 'middle_east_north_africa', ['Dubai']],
];
const TYPES = ['compute', 'dedicated', 'gpu', 'storage', 'network'];
const VIRT = ['kvm', 'lxc', 'container', 'bare_metal', 'none'];
const STOCK = ['in_stock', 'in_stock', 'in_stock', 'out_of_stock', 'discontinued'];
const CPUS = [
  'AMD EPYC 7443',
  'Intel Xeon Gold 6248',
  'Ampere Altra Q80',
  'AMD Ryzen 9 5950X',
  null,
];
const GPUS = ['NVIDIA A100', 'NVIDIA H100', 'NVIDIA RTX 4090'];
const NAMES = [
  'Cloud VPS',
  'Dedicated Box',
  'GPU Beast',
  'Storage Vault',
  'Promo 100% off',
  'under_score server',
  'back\\slash node',
  'He said "hi"',
  'EPYC special',
  'Tiny_vps',
];
const MEMORY = [512, 1024, 1536, 2048, 4096, 8192, 16384, 32768, 65536, 131072];
const DISK = [10, 20, 40, 80, 160, 500, 1000, 1024, 2048, 4000];
const BANDWIDTH = [100, 200, 1000, 2500, 10000];
const TRAFFIC = [null, null, 500, 1000, 1024, 5000, 20480];
const TRUST = [null, null, '0', '50', '69.99', '70', '70.5', '85', '100'];
const UPTIME = [null, null, '95', '99', '99.9', '99.95', '100'];
const MARKET = [null, null, null, '-30', '-15.5', '0', '10', '25'];

/** Generates `count` offerings, 3 providers and 4 pools from `seed`. */
export function generateCatalogue(count: number, seed = 20_250_601) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const hex = (digits: number) =>
    Array.from({ length: digits }, () => Math.floor(next() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const providers = [uuid(), uuid(), uuid()];
  const pools: FixturePool[] = [
    { id: uuid(), provider_id: providers[0] as string, last_heartbeat_at: '2025-06-01T00:00:30Z' },
    { id: uuid(), provider_id: providers[1] as string, last_heartbeat_at: '2025-05-01T00:00:00Z' },
    { id: uuid(), provider_id: providers[1] as string, last_heartbeat_at: null },
    { id: uuid(), provider_id: providers[2] as string, last_heartbeat_at: ONLINE_CUTOFF },
  ];
  const offerings: FixtureOffering[] = [];
  for (let i = 0; i < count; i += 1) {
    const type = pick(TYPES);
    const currency = pick(CURRENCIES);
    const price = pick(currency.prices);
    const [whole = '0', fraction = ''] = price.split('.');
    const [country, region, cities] = pick(PLACES);
    const gpuCount = type === 'gpu' ? 1 + Math.floor(next() * 8) : next() < 0.05 ? 1 : 0;
    const minHours = pick([1, 1, 24, 720]);
    const maxHours = next() < 0.5 ? null : minHours + pick([0, 24, 719, 8760]);
    const pool = next() < 0.25 ? null : pick(pools);
    // Groups of three share a created_at second; microseconds make most, not all, distinct,
    // so `newest` also has exact ties for the id tie-breaker to settle.
    const second = String(Math.floor(i / 3) % 60).padStart(2, '0');
    const minute = String(Math.floor(i / 180) % 60).padStart(2, '0');
    const micros =
      next() < 0.3 ? '000000' : String(Math.floor(next() * 1_000_000)).padStart(6, '0');
    const name = `${pick(NAMES)} ${i % 7 === 0 ? type.toUpperCase() : type}`;
    offerings.push({
      id: uuid(),
      provider_id: pool?.provider_id ?? pick(providers),
      slug: `offer-${i}`,
      name,
      description: next() < 0.3 ? '' : `Great ${type} in ${country}; 50% faster_than_ever`,
      product_type: type,
      virtualization: pick(VIRT),
      stock: pick(STOCK),
      currency: currency.code,
      currency_exponent: currency.exponent,
      price_per_month: BigInt(whole + fraction.padEnd(currency.exponent, '0')),
      min_hours: minHours,
      max_hours: maxHours,
      cpu_cores: pick([1, 2, 4, 8, 16, 32, 64]),
      cpu_model: pick(CPUS),
      cpu_arch: pick(['x86_64', 'x86_64', 'arm64']),
      memory_mib: pick(MEMORY),
      disk_gib: pick(DISK),
      disk_kind: pick(['ssd', 'nvme', 'hdd']),
      gpu_model: gpuCount > 0 ? pick(GPUS) : null,
      gpu_count: gpuCount,
      gpu_memory_gib: gpuCount > 0 ? pick([24, 40, 80]) : null,
      bandwidth_mbps: pick(BANDWIDTH),
      traffic_gib_per_month: pick(TRAFFIC),
      ipv4: next() < 0.9,
      ipv6: next() < 0.5,
      country,
      city: pick(cities),
      region,
      pool_id: pool?.id ?? null,
      trust_score: pick(TRUST),
      uptime_30d: pick(UPTIME),
      market_delta_pct: pick(MARKET),
      created_at: `2025-01-01T10:${minute}:${second}.${micros}Z`,
      online:
        pool === null
          ? true
          : pool.last_heartbeat_at === null
            ? null
            : Date.parse(pool.last_heartbeat_at) >= Date.parse(ONLINE_CUTOFF),
    });
  }
  return { providers, pools, offerings };
}
