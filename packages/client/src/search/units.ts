import { type Decimal, formatDecimal, isInteger, multiply, parseDecimal } from './_decimal';

/**
 * How a numeric field's values may be written.
 *
 * - `memory`: canonical MiB. `MB`/`MiB` = 1, `GB`/`GiB` = 1024, `TB`/`TiB` = 1024². A unit is
 *   required: a bare `memory:>=16` could mean 16 MiB (the column) or 16 GB (what people type).
 * - `storage` (disk, GPU memory, traffic): canonical GiB, and a bare number is GiB.
 *   `MB`/`MiB` = 1/1024, `GB`/`GiB` = 1, `TB`/`TiB` = 1024.
 * - `bandwidth`: canonical Mbps, bare = Mbps; `Gbps` = 1000.
 * - `price`: major units of the offering's currency, optionally followed by a 3-letter ISO
 *   4217 code (`20EUR`) that also filters the currency.
 * - `percent` (uptime, market delta): a plain number, optionally followed by `%`.
 * - `none` (cores, hours, trust score): a plain number.
 *
 * `GB` means GiB (and `MB` MiB, `TB` TiB) as on hosting catalogues, where "16 GB RAM" is
 * 16 GiB and "1 TB disk" is sold as 1 TiB; treating them as powers of ten would make
 * `memory:>=16GB` exclude the 16 GiB servers everyone means. Unit names are case-insensitive.
 */
export type SearchUnitFamily = 'memory' | 'storage' | 'bandwidth' | 'price' | 'percent' | 'none';

interface Unit {
  /** Canonical spelling, as printed. */
  readonly name: string;
  /** Canonical units per one of this unit. */
  readonly factor: Decimal;
  /** Its reciprocal, exact (every factor is a power of 2 or 10). */
  readonly inverse: Decimal;
}

interface ScaledFamily {
  /** Accepted units, largest first (the printer prefers the largest that gives an integer). */
  readonly units: readonly Unit[];
  /** Other accepted spellings (lower-case) and the unit each means. */
  readonly aliases: Readonly<Record<string, string>>;
  /** Unit of a bare number; `undefined` when a unit is required. */
  readonly bare: string | undefined;
  /** Unit the printer falls back to when no unit gives an integer. */
  readonly fallback: string;
}

function unit(name: string, factor: string, inverse: string): Unit {
  return {
    name,
    factor: parseDecimal(factor) as Decimal,
    inverse: parseDecimal(inverse) as Decimal,
  };
}

const KIB = '0.0009765625'; // 1/1024
const MIB = '0.00000095367431640625'; // 1/1024²

const SCALED: Readonly<Record<'memory' | 'storage' | 'bandwidth', ScaledFamily>> = {
  memory: {
    units: [unit('TiB', '1048576', MIB), unit('GiB', '1024', KIB), unit('MiB', '1', '1')],
    aliases: { tb: 'TiB', gb: 'GiB', mb: 'MiB' },
    bare: undefined,
    fallback: 'GiB',
  },
  storage: {
    units: [unit('TiB', '1024', KIB), unit('GiB', '1', '1'), unit('MiB', KIB, '1024')],
    aliases: { tb: 'TiB', gb: 'GiB', mb: 'MiB' },
    bare: 'GiB',
    fallback: 'GiB',
  },
  bandwidth: {
    units: [unit('Gbps', '1000', '0.001'), unit('Mbps', '1', '1')],
    aliases: {},
    bare: 'Mbps',
    fallback: 'Mbps',
  },
};

/** Whether `family` scales numbers by a unit (memory, storage, bandwidth). */
export function isScaledFamily(family: SearchUnitFamily): family is keyof typeof SCALED {
  return Object.hasOwn(SCALED, family);
}

function findUnit(family: ScaledFamily, name: string): Unit | undefined {
  const lower = name.toLowerCase();
  const canonical = family.aliases[lower] ?? name;
  return family.units.find((u) => u.name.toLowerCase() === canonical.toLowerCase());
}

/** The unit names `family` accepts, for error messages (`MB, MiB, GB, ...`). */
export function unitNames(family: 'memory' | 'storage' | 'bandwidth'): string[] {
  const { units, aliases } = SCALED[family];
  const names: string[] = [];
  for (const u of [...units].reverse()) {
    const alias = Object.keys(aliases).find((a) => aliases[a] === u.name);
    if (alias !== undefined) names.push(alias.toUpperCase());
    names.push(u.name);
  }
  return names;
}

/**
 * Which family a unit name (any case) belongs to, or `undefined`; used to explain a unit put
 * on the wrong field (`price:<=16GB`).
 */
export function familyOfUnit(name: string): 'memory' | 'storage' | 'bandwidth' | undefined {
  if (findUnit(SCALED.bandwidth, name) !== undefined) return 'bandwidth';
  // MB..TiB belong to memory and storage alike; "a size" is what the message needs.
  return findUnit(SCALED.storage, name) !== undefined ? 'storage' : undefined;
}

/** Outcome of reading a unit: the canonical value, or why the unit was refused. */
export type ScaleResult =
  | { readonly ok: true; readonly value: Decimal }
  | { readonly ok: false; readonly reason: 'missing' | 'unknown' };

/** Converts `amount` written in `unitName` ('' = bare) of `family` to canonical units. */
export function toCanonical(
  family: 'memory' | 'storage' | 'bandwidth',
  amount: Decimal,
  unitName: string,
): ScaleResult {
  const spec = SCALED[family];
  const name = unitName === '' ? spec.bare : unitName;
  if (name === undefined) return { ok: false, reason: 'missing' };
  const found = findUnit(spec, name);
  if (found === undefined) return { ok: false, reason: 'unknown' };
  return { ok: true, value: multiply(amount, found.factor) };
}

/**
 * Writes a canonical value of `family` with the largest unit that makes it a non-zero integer
 * (16384 MiB -> `16GiB`), else in the fallback unit (`0GiB`, `0.3GiB`). Exact, so parsing the
 * result gives back the same canonical value.
 */
export function formatScaled(family: 'memory' | 'storage' | 'bandwidth', value: Decimal): string {
  const spec = SCALED[family];
  for (const u of spec.units) {
    const scaled = multiply(value, u.inverse);
    if (value.units !== 0n && isInteger(scaled)) return `${formatDecimal(scaled)}${u.name}`;
  }
  const fallback = findUnit(spec, spec.fallback) as Unit;
  return `${formatDecimal(multiply(value, fallback.inverse))}${fallback.name}`;
}
