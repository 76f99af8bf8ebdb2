import type { ColumnType, Generated } from 'kysely';

/** A timestamptz: read as Date, written as Date or ISO string. */
type Instant = ColumnType<Date, Date | string, Date | string>;
type InstantDefault = ColumnType<Date, Date | string | undefined, Date | string>;
/** A bigint column: read as bigint (parsers configured in connect.ts), written as bigint/number. */
type Int8 = ColumnType<bigint, bigint | number, bigint | number>;
/** numeric comes back as a string to keep its precision. */
type Numeric = ColumnType<string, string | number, string | number>;

export interface AccountsTable {
  id: Generated<string>;
  username: string;
  display_name: string | null;
  email: string | null;
  email_verified_at: Instant | null;
  is_admin: Generated<boolean>;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export interface AccountKeysTable {
  public_key: string;
  account_id: string;
  label: string | null;
  created_at: InstantDefault;
  revoked_at: Instant | null;
  last_used_at: Instant | null;
}

export interface EmailVerificationsTable {
  account_id: string;
  email: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: Instant;
  created_at: InstantDefault;
}

export interface ApiTokensTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  prefix: string;
  token_hash: string;
  scopes: string[];
  created_at: InstantDefault;
  expires_at: Instant;
  revoked_at: Instant | null;
  last_used_at: Instant | null;
}

export interface RequestNoncesTable {
  public_key: string;
  nonce: string;
  expires_at: Instant;
}

export interface RateLimitWindowsTable {
  bucket: string;
  window_start: Instant;
  hits: number;
}

export interface ProvidersTable {
  account_id: string;
  legal_name: string;
  display_name: string;
  website: string | null;
  country: string;
  support_email: string;
  support_policy: ColumnType<unknown, string, string>;
  trust_score: Numeric | null;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export interface PoolsTable {
  id: Generated<string>;
  provider_id: string;
  name: string;
  region: string;
  country: string | null;
  provisioner_kinds: string[];
  last_heartbeat_at: Instant | null;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export interface OfferingsTable {
  id: Generated<string>;
  provider_id: string;
  slug: string;
  name: string;
  description: string;
  product_page_url: string | null;
  product_type: string;
  virtualization: string;
  visibility: string;
  stock: string;
  draft: boolean;
  currency: string;
  currency_exponent: number;
  price_per_month: Int8;
  price_major: ColumnType<string, never, never>;
  setup_fee: Int8;
  min_hours: number;
  max_hours: number | null;
  cpu_cores: number;
  cpu_model: string | null;
  cpu_arch: string;
  memory_mib: Int8;
  disk_gib: Int8;
  disk_kind: string;
  gpu_model: string | null;
  gpu_count: number;
  gpu_memory_gib: number | null;
  bandwidth_mbps: number;
  traffic_gib_per_month: Int8 | null;
  ipv4: boolean;
  ipv6: boolean;
  country: string;
  city: string | null;
  region: string;
  provisioner: string;
  provisioner_config: ColumnType<unknown, string, string>;
  pool_id: string | null;
  os_images: string[];
  post_provision_script: string | null;
  trust_score: Numeric | null;
  uptime_30d: Numeric | null;
  market_median_price: Int8 | null;
  market_comparables: Generated<number>;
  market_delta_pct: Numeric | null;
  created_at: InstantDefault;
  updated_at: InstantDefault;
  deleted_at: Instant | null;
}

export interface OfferingAllowListTable {
  offering_id: string;
  account_id: string;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: InstantDefault;
}

/** The database as Kysely sees it; one interface per table, named like the table. */
export interface Database {
  accounts: AccountsTable;
  account_keys: AccountKeysTable;
  email_verifications: EmailVerificationsTable;
  api_tokens: ApiTokensTable;
  request_nonces: RequestNoncesTable;
  rate_limit_windows: RateLimitWindowsTable;
  providers: ProvidersTable;
  pools: PoolsTable;
  offerings: OfferingsTable;
  offering_allow_list: OfferingAllowListTable;
  schema_migrations: SchemaMigrationsTable;
}
