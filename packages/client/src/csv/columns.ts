import { OfferingFields, type OfferingValues } from '../schemas/offering';

/** A field of an offering, and so a column of the offerings CSV. */
export type OfferingCsvColumn = keyof OfferingValues;

/**
 * How a column's cells are written and read:
 * - `text`: the string as is (never trimmed: a description may start with spaces);
 * - `token`: one word (an enum value, a code such as USD or DE, an id); surrounding spaces are
 *   ignored on import;
 * - `integer`, `money`: decimal digits (`money` is integer minor units, e.g. cents);
 * - `boolean`: `true` or `false` (any letter case on import, as spreadsheets write `TRUE`);
 * - `json_object`: a JSON object (`provisioner_config`);
 * - `string_list`: a JSON array of strings (`os_images`, `allowed_accounts`), which any string
 *   survives, separators and quotes included.
 */
export type OfferingCsvCellKind =
  | 'text'
  | 'token'
  | 'integer'
  | 'money'
  | 'boolean'
  | 'json_object'
  | 'string_list';

/**
 * Every offering field with its cell kind, in column order: the order of the spec's field table
 * (identity, kind and state, price, hardware, network, place, provisioning), the auto-accept
 * rules, the response time, then the allow-list.
 * The mapped type makes leaving a field out a compile error.
 */
const COLUMN_KINDS: { readonly [C in OfferingCsvColumn]: OfferingCsvCellKind } = {
  slug: 'text',
  name: 'text',
  description: 'text',
  product_page_url: 'text',
  product_type: 'token',
  virtualization: 'token',
  visibility: 'token',
  stock: 'token',
  draft: 'boolean',
  currency: 'token',
  price_per_month: 'money',
  setup_fee: 'money',
  min_hours: 'integer',
  max_hours: 'integer',
  cpu_cores: 'integer',
  cpu_model: 'text',
  cpu_arch: 'token',
  memory_mib: 'integer',
  disk_gib: 'integer',
  disk_kind: 'token',
  gpu_model: 'text',
  gpu_count: 'integer',
  gpu_memory_gib: 'integer',
  bandwidth_mbps: 'integer',
  traffic_gib_per_month: 'integer',
  ipv4: 'boolean',
  ipv6: 'boolean',
  country: 'token',
  city: 'text',
  provisioner: 'token',
  provisioner_config: 'json_object',
  pool_id: 'token',
  os_images: 'string_list',
  post_provision_script: 'text',
  auto_accept: 'boolean',
  auto_accept_min_hours: 'integer',
  auto_accept_max_hours: 'integer',
  auto_accept_renters: 'string_list',
  response_sla_hours: 'integer',
  allowed_accounts: 'string_list',
};

/**
 * The columns of the offerings CSV, in the order {@link offeringsToCsv} writes them: every
 * field of an offering (spec §1), named exactly as the field. Import matches columns by name,
 * in any order.
 */
export const OFFERING_CSV_COLUMNS = Object.freeze(
  Object.keys(COLUMN_KINDS) as OfferingCsvColumn[],
) as readonly OfferingCsvColumn[];

/** What the CSV layer needs to know about one column. */
export interface OfferingCsvColumnSpec {
  readonly name: OfferingCsvColumn;
  readonly kind: OfferingCsvCellKind;
  /** The field accepts `null`, written as an empty cell. */
  readonly nullable: boolean;
  /** The field has no default: its cells must be filled, and a new offering needs its column. */
  readonly required: boolean;
}

/** Nullability and defaults come from the schema itself, so the CSV can never disagree with it. */
function specOf(name: OfferingCsvColumn): OfferingCsvColumnSpec {
  const schema = OfferingFields.shape[name];
  return {
    name,
    kind: COLUMN_KINDS[name],
    nullable: schema.safeParse(null).success,
    required: !schema.safeParse(undefined).success,
  };
}

/** Each column's spec, by name. */
export const OFFERING_CSV_COLUMN_SPECS: ReadonlyMap<string, OfferingCsvColumnSpec> = new Map(
  OFFERING_CSV_COLUMNS.map((name) => [name, specOf(name)]),
);

/** The spec of a column; only called with names taken from {@link OFFERING_CSV_COLUMNS}. */
export function columnSpec(name: OfferingCsvColumn): OfferingCsvColumnSpec {
  return OFFERING_CSV_COLUMN_SPECS.get(name) as OfferingCsvColumnSpec;
}
