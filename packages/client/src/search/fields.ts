import {
  CPU_ARCHES,
  DISK_KINDS,
  PRODUCT_TYPES,
  STOCK_STATES,
  VIRTUALIZATIONS,
} from '../schemas/offering';
import { REGIONS } from '../schemas/regions';
import type { SearchUnitFamily } from './units';

/**
 * A field matched case-insensitively as a substring (`name:epyc` finds "AMD EPYC 7443"). A
 * NULL column (an offering without a GPU model) never matches.
 */
export interface TextFieldSpec {
  readonly kind: 'text';
  /** Column of the offerings table. */
  readonly column: string;
}

/**
 * A field matched exactly against a closed list (`values`) or against an ISO code of
 * `codeLength` letters (country, currency). Input is case-insensitive and normalised: lower
 * case for listed values, upper case for codes.
 */
export type EnumFieldSpec = {
  readonly kind: 'enum';
  readonly column: string;
} & ({ readonly values: readonly string[] } | { readonly codeLength: 2 | 3 });

/** A numeric field: equality, lists, comparisons and inclusive ranges, in `unit`'s family. */
export interface NumberFieldSpec {
  readonly kind: 'number';
  readonly column: string;
  readonly unit: SearchUnitFamily;
  /** Smallest allowed value in canonical units, as a decimal string; none when absent. */
  readonly min?: string;
  /** Largest allowed value in canonical units, as a decimal string; none when absent. */
  readonly max?: string;
  /**
   * The column is NULL when there is no limit (unmetered traffic, no maximum rental), so NULL
   * compares as +infinity: `traffic:>=1000` includes unmetered offerings.
   */
  readonly nullIsUnlimited?: true;
}

/**
 * A yes/no field. `test: 'true'` compares the boolean column; `test: 'null'` is true when the
 * column is NULL (`unmetered` = no traffic limit).
 */
export interface BooleanFieldSpec {
  readonly kind: 'boolean';
  readonly column: string;
  readonly test: 'true' | 'null';
}

/** What the catalogue knows about one DSL field. */
export type SearchFieldSpec = TextFieldSpec | EnumFieldSpec | NumberFieldSpec | BooleanFieldSpec;

/**
 * The DSL's fields (spec §2), in the order error messages list them, with their kind, allowed
 * values, unit family and the offerings column each maps to. This table is the only source of
 * column names the API's SQL translation uses; no name ever comes from query text.
 */
export const SEARCH_FIELDS = {
  name: { kind: 'text', column: 'name' },
  description: { kind: 'text', column: 'description' },
  cpu: { kind: 'text', column: 'cpu_model' },
  gpu: { kind: 'text', column: 'gpu_model' },
  city: { kind: 'text', column: 'city' },
  type: { kind: 'enum', column: 'product_type', values: PRODUCT_TYPES },
  stock: { kind: 'enum', column: 'stock', values: STOCK_STATES },
  country: { kind: 'enum', column: 'country', codeLength: 2 },
  region: { kind: 'enum', column: 'region', values: REGIONS },
  currency: { kind: 'enum', column: 'currency', codeLength: 3 },
  virt: { kind: 'enum', column: 'virtualization', values: VIRTUALIZATIONS },
  arch: { kind: 'enum', column: 'cpu_arch', values: CPU_ARCHES },
  disk_kind: { kind: 'enum', column: 'disk_kind', values: DISK_KINDS },
  price: { kind: 'number', column: 'price_major', unit: 'price', min: '0' },
  cores: { kind: 'number', column: 'cpu_cores', unit: 'none', min: '0' },
  memory: { kind: 'number', column: 'memory_mib', unit: 'memory', min: '0' },
  disk: { kind: 'number', column: 'disk_gib', unit: 'storage', min: '0' },
  gpu_count: { kind: 'number', column: 'gpu_count', unit: 'none', min: '0' },
  gpu_memory: { kind: 'number', column: 'gpu_memory_gib', unit: 'storage', min: '0' },
  bandwidth: { kind: 'number', column: 'bandwidth_mbps', unit: 'bandwidth', min: '0' },
  traffic: {
    kind: 'number',
    column: 'traffic_gib_per_month',
    unit: 'storage',
    min: '0',
    nullIsUnlimited: true,
  },
  min_hours: { kind: 'number', column: 'min_hours', unit: 'none', min: '0' },
  max_hours: {
    kind: 'number',
    column: 'max_hours',
    unit: 'none',
    min: '0',
    nullIsUnlimited: true,
  },
  trust: { kind: 'number', column: 'trust_score', unit: 'none', min: '0', max: '100' },
  uptime: { kind: 'number', column: 'uptime_30d', unit: 'percent', min: '0', max: '100' },
  market: { kind: 'number', column: 'market_delta_pct', unit: 'percent' },
  ipv4: { kind: 'boolean', column: 'ipv4', test: 'true' },
  ipv6: { kind: 'boolean', column: 'ipv6', test: 'true' },
  unmetered: { kind: 'boolean', column: 'traffic_gib_per_month', test: 'null' },
  online: { kind: 'boolean', column: 'online', test: 'true' },
} as const satisfies Record<string, SearchFieldSpec>;

type Fields = typeof SEARCH_FIELDS;

/** Every DSL field name. */
export type SearchFieldName = keyof Fields;
/** Field names of one kind. */
export type SearchFieldNameOfKind<K extends SearchFieldSpec['kind']> = {
  [F in SearchFieldName]: Fields[F]['kind'] extends K ? F : never;
}[SearchFieldName];
/** Fields matched as case-insensitive substrings. */
export type TextFieldName = SearchFieldNameOfKind<'text'>;
/** Fields matched exactly against a closed list or an ISO code. */
export type EnumFieldName = SearchFieldNameOfKind<'enum'>;
/** Fields compared as numbers. */
export type NumberFieldName = SearchFieldNameOfKind<'number'>;
/** Yes/no fields. */
export type BooleanFieldName = SearchFieldNameOfKind<'boolean'>;

/** The field names in catalogue order. */
export const SEARCH_FIELD_NAMES = Object.keys(SEARCH_FIELDS) as readonly SearchFieldName[];

/** The catalogue entry of `name` (exact, lower-case), or `undefined` for an unknown field. */
export function searchField(name: string): SearchFieldSpec | undefined {
  return Object.hasOwn(SEARCH_FIELDS, name) ? SEARCH_FIELDS[name as SearchFieldName] : undefined;
}
