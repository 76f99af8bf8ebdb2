// The test's own idea of what a query matches and how results are ordered, evaluated in
// JavaScript over the fixture. Written from the spec and the search docs, deliberately without
// the SQL translator's code or its field catalogue, so the two can disagree.

import type { SearchClause, SearchQuery, SearchSort } from '@dc/client';
import type { FixtureOffering } from './fixture';

/** `a` vs `b` for exact decimal strings (`'-15.5'`, `'99.999'`): -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const split = (text: string) => {
    const negative = text.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
    return { negative, whole, fraction };
  };
  const x = split(a);
  const y = split(b);
  const scale = Math.max(x.fraction.length, y.fraction.length);
  const value = (d: typeof x) => {
    const units = BigInt(d.whole + d.fraction.padEnd(scale, '0'));
    return d.negative ? -units : units;
  };
  const difference = value(x) - value(y);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/** Major units of the offering's price as an exact decimal string. */
export function priceMajor(o: FixtureOffering): string {
  const digits = o.price_per_month.toString().padStart(o.currency_exponent + 1, '0');
  if (o.currency_exponent === 0) return digits;
  const cut = digits.length - o.currency_exponent;
  return `${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

const TEXT: Record<string, (o: FixtureOffering) => string | null> = {
  name: (o) => o.name,
  description: (o) => o.description,
  cpu: (o) => o.cpu_model,
  gpu: (o) => o.gpu_model,
  city: (o) => o.city,
};
const ENUM: Record<string, (o: FixtureOffering) => string> = {
  type: (o) => o.product_type,
  stock: (o) => o.stock,
  country: (o) => o.country,
  region: (o) => o.region,
  currency: (o) => o.currency,
  virt: (o) => o.virtualization,
  arch: (o) => o.cpu_arch,
  disk_kind: (o) => o.disk_kind,
};
const n = (value: number | null) => (value === null ? null : String(value));
const NUMBER: Record<string, (o: FixtureOffering) => string | null> = {
  price: priceMajor,
  cores: (o) => n(o.cpu_cores),
  memory: (o) => n(o.memory_mib),
  disk: (o) => n(o.disk_gib),
  gpu_count: (o) => n(o.gpu_count),
  gpu_memory: (o) => n(o.gpu_memory_gib),
  bandwidth: (o) => n(o.bandwidth_mbps),
  traffic: (o) => n(o.traffic_gib_per_month),
  min_hours: (o) => n(o.min_hours),
  max_hours: (o) => n(o.max_hours),
  trust: (o) => o.trust_score,
  uptime: (o) => o.uptime_30d,
  market: (o) => o.market_delta_pct,
};
/** NULL in these means "no limit": larger than any number. */
const UNLIMITED = new Set(['traffic', 'max_hours']);
const BOOLEAN: Record<string, (o: FixtureOffering) => boolean | null> = {
  ipv4: (o) => o.ipv4,
  ipv6: (o) => o.ipv6,
  online: (o) => o.online,
  unmetered: (o) => o.traffic_gib_per_month === null,
};

function get<T>(table: Record<string, T>, field: string): T {
  const accessor = table[field];
  if (accessor === undefined) throw new Error(`reference filter does not know ${field}`);
  return accessor;
}

/** true, false, or null (unknown: the row has no value to compare). */
function holds(clause: SearchClause, o: FixtureOffering): boolean | null {
  switch (clause.kind) {
    case 'text': {
      const value = get(TEXT, clause.field)(o);
      if (value === null) return null;
      return clause.values.some((v) => value.toLowerCase().includes(v.toLowerCase()));
    }
    case 'enum':
      return clause.values.includes(get(ENUM, clause.field)(o));
    case 'boolean': {
      const value = get(BOOLEAN, clause.field)(o);
      return value === null ? null : value === clause.value;
    }
    case 'number': {
      if (clause.currency !== undefined && o.currency !== clause.currency) return false;
      const value = get(NUMBER, clause.field)(o);
      const { test } = clause;
      if (value === null) {
        if (!UNLIMITED.has(clause.field)) return null;
        return test.op === '>' || test.op === '>=';
      }
      switch (test.op) {
        case 'eq':
          return test.values.some((v) => compareDecimal(value, v) === 0);
        case 'range':
          return compareDecimal(value, test.min) >= 0 && compareDecimal(value, test.max) <= 0;
        case '>':
          return compareDecimal(value, test.value) > 0;
        case '>=':
          return compareDecimal(value, test.value) >= 0;
        case '<':
          return compareDecimal(value, test.value) < 0;
        case '<=':
          return compareDecimal(value, test.value) <= 0;
      }
    }
  }
}

/** Whether `o` matches `query`: every clause; a negated one when the plain one does not hold. */
export function referenceMatches(query: SearchQuery, o: FixtureOffering): boolean {
  return query.clauses.every((clause) => {
    const result = holds(clause, o);
    return clause.negated ? result !== true : result === true;
  });
}

type Compare = (a: FixtureOffering, b: FixtureOffering) => number;

function by(value: (o: FixtureOffering) => string | null, descending: boolean): Compare {
  return (a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = compareDecimal(x, y);
    return descending ? -order : order;
  };
}

function text(value: (o: FixtureOffering) => string, descending: boolean): Compare {
  return (a, b) => {
    const order = value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0;
    return descending ? -order : order;
  };
}

const ID_UP = text((o) => o.id, false);
const ID_DOWN = text((o) => o.id, true);
const TRUST_DOWN = by((o) => o.trust_score, true);
const UPTIME_DOWN = by((o) => o.uptime_30d, true);

const ORDERS: Record<SearchSort | 'default', Compare[]> = {
  default: [TRUST_DOWN, UPTIME_DOWN, by(priceMajor, false), ID_UP],
  trust: [TRUST_DOWN, UPTIME_DOWN, by(priceMajor, false), ID_UP],
  price: [by(priceMajor, false), ID_UP],
  '-price': [by(priceMajor, true), ID_DOWN],
  '-uptime': [UPTIME_DOWN, ID_UP],
  // The fixture's ISO strings all have the same shape, so text order is time order.
  newest: [text((o) => o.created_at, true), ID_DOWN],
};

/** `offerings` sorted as the API should return them for `sort`. */
export function referenceSort(
  offerings: readonly FixtureOffering[],
  sort: SearchSort | undefined,
): FixtureOffering[] {
  const compares = ORDERS[sort ?? 'default'];
  return [...offerings].sort((a, b) => {
    for (const compare of compares) {
      const order = compare(a, b);
      if (order !== 0) return order;
    }
    return 0;
  });
}
