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
  /** Stripe Connect account payouts are transferred to (0010_payouts). */
  payout_stripe_account: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Set when the provider deleted the pool (0006_pool_retirement); the row stays. */
  deleted_at: Instant | null;
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
  auto_accept: Generated<boolean>;
  auto_accept_min_hours: number | null;
  auto_accept_max_hours: number | null;
  auto_accept_renters: Generated<string[]>;
  /** Hours to answer a renter's message (0013_messaging). */
  response_sla_hours: Generated<number>;
}

export interface OfferingAllowListTable {
  offering_id: string;
  account_id: string;
}

/** A jsonb column: read as parsed JSON, written as a JSON string. */
type Json = ColumnType<unknown, string, string>;

export interface ContractsTable {
  id: Generated<string>;
  offering_id: string;
  renter_id: string;
  provider_id: string;
  pool_id: string | null;
  provisioner: string;
  offering_snapshot: Json;
  status: string;
  paused_from: string | null;
  payment_status: string;
  payment_rail: string;
  currency: string;
  currency_exponent: number;
  price_per_month: Int8;
  /** One-off fee charged with the rental; in `paid`, in no segment (0005_setup_fee). */
  setup_fee: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  paid: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  refunded: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  ssh_public_keys: string[];
  os_image: string;
  idempotency_key: string;
  requested_at: Instant;
  accepted_at: Instant | null;
  term_start: Instant | null;
  paused_millis: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  paused_since: Instant | null;
  ended_at: Instant | null;
  term_end: Instant | null;
  provision_first_leased_at: Instant | null;
  instance: ColumnType<unknown, string | null, string | null>;
  instance_provisioner: string | null;
  instance_external_id: string | null;
  /** Set when the terminate job removed the recorded instance (0003_agents). */
  instance_terminated_at: Instant | null;
  archived_at: Instant | null;
  created_at: InstantDefault;
  updated_at: InstantDefault;
  /** VAT treatment snapshotted at rent time; 'none' without a seller (0009_contract_vat). */
  vat_kind: ColumnType<VatKind, VatKind | undefined, VatKind>;
  vat_rate_bps: ColumnType<number, number | undefined, number>;
  vat_note: ColumnType<string | null, string | null | undefined, string | null>;
  vat_seller_country: ColumnType<string | null, string | null | undefined, string | null>;
  /** The buyer's invoice details at rent time (JSON), null for 'none'. */
  vat_buyer: ColumnType<unknown, string | null | undefined, string | null>;
  setup_fee_vat: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  /** VAT collected and given back; `paid` and `refunded` are net. */
  vat_paid: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  vat_refunded: ColumnType<bigint, bigint | number | undefined, bigint | number>;
}

/** A contract's VAT treatment (`vatTreatment` of @dc/pricing), or 'none' without a seller. */
export type VatKind = 'none' | 'domestic' | 'reverse_charge' | 'oss' | 'out_of_scope';

export interface ContractSegmentsTable {
  contract_id: string;
  seq: number;
  hours: number;
  amount: Int8;
  /** VAT on `amount` at the contract's rate (0009_contract_vat). */
  vat: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  idempotency_key: string;
  created_at: InstantDefault;
}

export interface ContractHistoryTable {
  id: Generated<bigint>;
  contract_id: string;
  from_status: string | null;
  to_status: string;
  event: string;
  actor_role: string;
  actor_key: string;
  memo: string | null;
  at: Instant;
}

export interface ContractCredentialsTable {
  id: Generated<string>;
  contract_id: string;
  purpose: string;
  envelope: Json;
  created_at: InstantDefault;
  expires_at: Instant | null;
}

export interface ProviderCancellationsTable {
  contract_id: string;
  provider_id: string;
  at: Instant;
}

export interface RefundsTable {
  id: Generated<string>;
  contract_id: string;
  amount: Int8;
  currency: string;
  idempotency_key: string;
  rail: string;
  status: string;
  reason: string;
  created_at: InstantDefault;
  updated_at: InstantDefault;
  payment_id: ColumnType<string | null, string | null | undefined, string | null>;
  source: ColumnType<string, string | undefined, string>;
  provider_refund_id: ColumnType<string | null, string | null | undefined, string | null>;
  approval_reason: ColumnType<string | null, string | null | undefined, string | null>;
  decided_by: ColumnType<string | null, string | null | undefined, string | null>;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decision_note: ColumnType<string | null, string | null | undefined, string | null>;
  attempts: Generated<number>;
  retry_generation: Generated<number>;
  next_attempt_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  succeeded_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** The VAT part of `amount`, the money given back (0009_contract_vat). */
  vat: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  /** A refund split across card payments: the whole refund's amount (0014_payment_gaps). */
  whole_amount: ColumnType<
    bigint | null,
    bigint | number | null | undefined,
    bigint | number | null
  >;
}

/** Card payments: a wallet top-up, a contract's rental or an extension (0007, 0014). */
export interface PaymentsTable {
  id: Generated<string>;
  account_id: string;
  contract_id: string | null;
  purpose: string;
  rail: string;
  currency: string;
  amount: Int8;
  received: ColumnType<bigint | null, bigint | number | null | undefined, bigint | number | null>;
  refunded: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  status: string;
  failure: string | null;
  idempotency_key: string;
  checkout_session_id: string | null;
  checkout_url: string | null;
  checkout_expires_at: Instant | null;
  payment_intent_id: string | null;
  charge_id: string | null;
  created_at: InstantDefault;
  updated_at: InstantDefault;
  succeeded_at: Instant | null;
  /** The hours an extension payment buys (purpose `extension`). */
  extension_hours: ColumnType<number | null, number | null | undefined, number | null>;
  /** An admin's release of a held payment: `apply` or `refund`, by whom, when, why. */
  release_action: ColumnType<string | null, string | null | undefined, string | null>;
  released_by: ColumnType<string | null, string | null | undefined, string | null>;
  released_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  release_note: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ProcessedEventsTable {
  event_id: string;
  rail: string;
  type: string;
  processed_at: Instant;
}

export interface PaymentDisputesTable {
  id: string;
  payment_id: string;
  state: string;
  funds_withdrawn: Generated<boolean>;
  created_at: Instant;
  updated_at: Instant;
}

export interface PaymentAlertsTable {
  id: Generated<string>;
  kind: string;
  payment_id: string | null;
  refund_id: string | null;
  detail: string;
  dedupe_key: string;
  created_at: Instant;
}

/** Contracts with invoice or accrual work due, marked by triggers (0014_payment_gaps). */
export interface BillingWorkTable {
  kind: 'invoice' | 'accrual';
  contract_id: string;
  marked_at: Instant;
}

export interface JobsTable {
  id: Generated<string>;
  kind: string;
  contract_id: string;
  provider_id: string;
  pool_id: string | null;
  provisioner: string;
  status: Generated<string>;
  attempt: Generated<number>;
  max_attempts: Generated<number>;
  available_at: InstantDefault;
  lease_id: string | null;
  lease_agent_key: string | null;
  lease_expires_at: Instant | null;
  fencing_token: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  first_leased_at: Instant | null;
  payload: ColumnType<unknown, string | undefined, string>;
  result: ColumnType<unknown, string | null | undefined, string | null>;
  last_error: string | null;
  idempotency_key: string;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export interface WalletBalancesTable {
  account_id: string;
  currency: string;
  balance: Int8;
  updated_at: InstantDefault;
}

export interface WalletLedgerTable {
  id: Generated<bigint>;
  account_id: string;
  currency: string;
  amount: Int8;
  balance_after: Int8;
  kind: string;
  contract_id: string | null;
  reference: string | null;
  idempotency_key: string;
  memo: string | null;
  created_at: InstantDefault;
}

export interface SetupTokensTable {
  id: Generated<string>;
  provider_id: string;
  pool_id: string;
  token_hash: string;
  prefix: string;
  permissions: string[];
  agent_valid_days: number;
  expires_at: Instant;
  used_at: Instant | null;
  used_by: string | null;
  evidence: ColumnType<unknown, string, string>;
  created_at: InstantDefault;
}

export interface AgentsTable {
  agent_pubkey: string;
  provider_id: string;
  pool_id: string;
  permissions: string[];
  not_before: Instant;
  not_after: Instant;
  serial: string;
  source: 'setup_token' | 'certificate';
  setup_token_id: string | null;
  evidence: ColumnType<unknown, string, string>;
  region: string | null;
  revoked_at: Instant | null;
  last_heartbeat_at: Instant | null;
  version: string | null;
  provisioner_kinds: ColumnType<string[], string[] | undefined, string[]>;
  active_jobs: number | null;
  capacity: number | null;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export interface HealthChecksTable {
  id: Generated<bigint>;
  contract_id: string;
  agent_pubkey: string;
  status: 'healthy' | 'unhealthy' | 'unknown';
  uptime_seconds: Int8 | null;
  reason: string | null;
  checked_at: Instant;
  received_at: InstantDefault;
}

/** The prober's schedule: a delivered contract and when it is next due (0012_trust). */
export interface ProbeTargetsTable {
  contract_id: string;
  next_probe_at: Instant;
  claimed_by: string | null;
  claimed_at: Instant | null;
}

/** Append-only: one TCP connect to a contract's SSH port (0012). */
export interface ProbeResultsTable {
  id: Generated<bigint>;
  contract_id: string;
  probed_at: Instant;
  target: string;
  reachable: boolean;
  latency_ms: number | null;
  error: string | null;
  agent_check_id: Int8 | null;
  agent_status: 'healthy' | 'unhealthy' | 'unknown' | null;
  disagrees: boolean;
}

/** Uptime of one contract in one UTC hour (0012). */
export interface UptimeHoursTable {
  contract_id: string;
  hour: Instant;
  expected_seconds: number;
  healthy_seconds: number;
  agent_checks: number;
  probes: number;
  disagreements: number;
  computed_at: Instant;
}

/** A contract whose uptime hours from `since` on are to be recomputed (0012). */
export interface UptimeDirtyTable {
  contract_id: string;
  since: Instant;
  version: Generated<bigint>;
}

/** Uptime of an offering or a provider over 24, 168 or 720 hours (0012). */
export interface UptimeWindowsTable {
  subject_kind: 'offering' | 'provider';
  subject_id: string;
  window_hours: 24 | 168 | 720;
  expected_seconds: number;
  healthy_seconds: number;
  agent_checks: number;
  probes: number;
  disagreements: number;
  computed_at: Instant;
}

/** The trust job's single row: its lease and the rollups' horizon (0012). */
export interface TrustJobStateTable {
  id: Generated<boolean>;
  next_run_at: Instant;
  horizon: Instant | null;
  computed_at: Instant | null;
}

/** A provider's record and trust score as last computed (0012). */
export interface ProviderRecordsTable {
  provider_id: string;
  formula_version: string;
  trust_score: Numeric | null;
  null_reason: string | null;
  uptime_30d: Numeric | null;
  delivered_contracts: number;
  metrics: ColumnType<unknown, string, string>;
  flags: ColumnType<unknown, string, string>;
  computed_at: Instant;
}

/** Whether a contract is below the uptime alert threshold, and how often it crossed (0012). */
export interface UptimeAlertsTable {
  contract_id: string;
  below: boolean;
  crossings: number;
  changed_at: Instant;
}

export interface MailOutboxTable {
  id: Generated<string>;
  key: string;
  account_id: string;
  template: 'receipt' | 'notification';
  payload: ColumnType<unknown, string, string>;
  status: ColumnType<
    'pending' | 'sent' | 'failed' | 'undeliverable',
    'pending' | undefined,
    'pending' | 'sent' | 'failed' | 'undeliverable'
  >;
  attempts: Generated<number>;
  available_at: Instant;
  recipient: ColumnType<string | null, string | null | undefined, string | null>;
  last_error: ColumnType<string | null, string | null | undefined, string | null>;
  delivery: ColumnType<string | null, string | null | undefined, string | null>;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export interface BillingSettingsTable {
  account_id: string;
  buyer_kind: 'individual' | 'business';
  name: string;
  address_line1: string;
  address_line2: string | null;
  postal_code: string | null;
  city: string;
  region: string | null;
  country: string;
  vat_id: string | null;
  created_at: InstantDefault;
  updated_at: InstantDefault;
}

export interface VatValidationsTable {
  id: Generated<string>;
  country: string;
  number: string;
  valid: boolean;
  name: string | null;
  address: string | null;
  consultation_reference: string | null;
  checked_at: Instant;
  created_at: InstantDefault;
}

export interface InvoiceCountersTable {
  seller: string;
  series: 'INV' | 'CN';
  year: number;
  last_number: number;
}

export interface InvoicesTable {
  id: Generated<string>;
  series: 'INV' | 'CN';
  number: string;
  seller: string;
  year: number;
  sequence: number;
  source: string;
  contract_id: string;
  renter_id: string;
  provider_id: string;
  credited_invoice_id: string | null;
  issued_at: Instant;
  supplied_at: Instant;
  currency: string;
  vat_kind: 'domestic' | 'reverse_charge' | 'oss' | 'out_of_scope';
  vat_rate_bps: number;
  net: Int8;
  vat: Int8;
  total: Int8;
  note: string | null;
  payment_reference: string;
  seller_details: ColumnType<unknown, string, never>;
  buyer_details: ColumnType<unknown, string, never>;
  lines: ColumnType<unknown, string, never>;
  created_at: InstantDefault;
}

/** Accrued-to-date earnings of one contract (0010_payouts); the accrual job's claim row. */
export interface EarningsAccrualsTable {
  contract_id: string;
  provider_id: string;
  currency: string;
  fee_bps: number;
  seq: Generated<number>;
  consumed: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  platform_fee: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  earned: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  lost: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  contract_updated_at: Instant | null;
  contract_refunded: ColumnType<
    bigint | null,
    bigint | number | null | undefined,
    bigint | number | null
  >;
  contract_payment_status: string | null;
  final: Generated<boolean>;
  next_at: Instant;
  accrued_at: Instant | null;
}

/** One change of a contract's earnings, append-only (0010_payouts). */
export interface EarningsTable {
  id: Generated<string>;
  idempotency_key: string;
  provider_id: string;
  contract_id: string;
  seq: number;
  currency: string;
  consumed: Int8;
  platform_fee: Int8;
  amount: Int8;
  paid: Int8;
  refunded: Int8;
  refundable: Int8;
  consumed_to_date: Int8;
  platform_fee_to_date: Int8;
  earned_to_date: Int8;
  lost_to_date: Int8;
  final: boolean;
  accrued_at: Instant;
  created_at: InstantDefault;
}

/** A payout to one provider in one currency (0010_payouts). */
export interface PayoutBatchesTable {
  id: Generated<string>;
  provider_id: string;
  currency: string;
  amount: Int8;
  rail: 'manual' | 'stripe_connect';
  status: 'draft' | 'approved' | 'sent' | 'confirmed' | 'failed';
  destination: string | null;
  idempotency_key: string;
  external_reference: string | null;
  failure_reason: string | null;
  send_attempts: Generated<number>;
  last_error: string | null;
  send_locked_until: Instant | null;
  created_by: string;
  approved_by: string | null;
  sent_by: string | null;
  confirmed_by: string | null;
  failed_by: string | null;
  created_at: Instant;
  approved_at: Instant | null;
  sent_at: Instant | null;
  confirmed_at: Instant | null;
  failed_at: Instant | null;
  updated_at: Instant;
}

/** An earning a batch pays; released when the batch failed (0010_payouts). */
export interface PayoutItemsTable {
  batch_id: string;
  earning_id: string;
  amount: Int8;
  released_at: Instant | null;
}

/** Nullable column optional on insert. */
type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** An inbox entry: one event occurrence for an account (0011_notifications). */
export interface NotificationsTable {
  id: Generated<string>;
  seq: Generated<bigint>;
  account_id: string;
  event: string;
  contract_id: Opt<string>;
  title: string;
  body: string;
  data: ColumnType<unknown, string | undefined, string>;
  dedupe_key: string;
  in_app: ColumnType<boolean, boolean | undefined, boolean>;
  read_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Instant;
}

/** An account's change from the default preference of one event x channel (0011). */
export interface NotificationPreferencesTable {
  account_id: string;
  event: string;
  channel: 'in_app' | 'email' | 'telegram' | 'webhook';
  enabled: boolean;
  updated_at: Instant;
}

/** The Telegram chat an account is notified in (0011). */
export interface NotificationTelegramTable {
  account_id: string;
  chat_id: string;
  created_at: Instant;
  updated_at: Instant;
}

/** A single-use Telegram link token, stored hashed (0015). */
export interface TelegramLinkTokensTable {
  token_hash: string;
  account_id: string;
  created_at: Instant;
  expires_at: Instant;
  used_at: Instant | null;
  chat_id: string | null;
}

/** The getUpdates offset and the polling lease of one bot (0015). */
export interface TelegramBotStateTable {
  bot_id: Int8;
  update_offset: ColumnType<bigint, bigint | number | undefined, bigint | number>;
  lease_owner: string | null;
  lease_until: Instant | null;
}

/** Where a bot's answer in a chat is (0017): sent from an outbox, at most once. */
export type TelegramReplyStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** One answer of the bot to one update, written with the update's processing (0017). */
export interface TelegramRepliesTable {
  bot_id: Int8;
  update_id: Int8;
  chat_id: string;
  text: string;
  status: ColumnType<TelegramReplyStatus, TelegramReplyStatus | undefined, TelegramReplyStatus>;
  attempts: Generated<number>;
  available_at: Instant;
  last_error: Opt<string>;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Instant;
}

/** An account's webhook endpoint and its signing secret (0011). */
export interface NotificationWebhooksTable {
  account_id: string;
  id: Generated<string>;
  url: string;
  secret: string;
  created_at: Instant;
  rotated_at: Instant;
}

/** Status of a {@link NotificationDeliveriesTable} row. */
export type NotificationDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dropped';

/** One notification to send on one external channel: the outbox (0011). */
export interface NotificationDeliveriesTable {
  id: Generated<string>;
  notification_id: string;
  account_id: string;
  channel: 'email' | 'telegram' | 'webhook';
  status: ColumnType<
    NotificationDeliveryStatus,
    NotificationDeliveryStatus | undefined,
    NotificationDeliveryStatus
  >;
  attempts: Generated<number>;
  available_at: Instant;
  target: Opt<string>;
  metered_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  last_error: Opt<string>;
  sent_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Instant;
  updated_at: Instant;
}

/** The metering ledger: one row per delivery that reached its send (0011, append-only). */
export interface NotificationMeterTable {
  id: Generated<bigint>;
  account_id: string;
  channel: 'email' | 'telegram' | 'webhook' | 'sms';
  /** The UTC day, written 'YYYY-MM-DD'; engines parse a date differently: read `day::text`. */
  day: ColumnType<unknown, string, string>;
  delivery_id: string;
  outcome: 'sent' | 'dropped_over_quota';
  created_at: Instant;
}

/** A paid notification tier bought from the wallet (0011). */
export interface NotificationTierPurchasesTable {
  id: Generated<string>;
  account_id: string;
  tier: string;
  currency: string;
  price: Int8;
  wallet_ledger_id: Int8;
  idempotency_key: string;
  starts_at: Instant;
  ends_at: Instant;
  created_at: Instant;
}

export interface SchemaMigrationsTable {
  version: number;
  name: string;
  checksum: string;
  applied_at: InstantDefault;
}

/** One message of a contract thread, never edited (0013_messaging). */
export interface ContractMessagesTable {
  id: Generated<string>;
  seq: Generated<bigint>;
  contract_id: string;
  author_id: string | null;
  author_role: 'renter' | 'provider' | 'admin' | 'system';
  body: string;
  /** `[{name, url, size_bytes, sha256}]`. */
  attachments: ColumnType<unknown, string | undefined, string>;
  automated: boolean;
  via: 'key' | 'token' | 'system';
  idempotency_key: string | null;
  created_at: Instant;
}

/** A renter message waiting for the provider's first human reply (0013; read by trust). */
export interface MessageWaitsTable {
  renter_message_id: string;
  contract_id: string;
  provider_id: string;
  offering_id: string;
  asked_at: Instant;
  sla_seconds: number;
  replied_at: Instant | null;
  reply_message_id: string | null;
  breached_at: Instant | null;
}

/** How far one participant has read a thread (0013). */
export interface MessageReadReceiptsTable {
  contract_id: string;
  account_id: string;
  role: 'renter' | 'provider' | 'admin';
  last_read_message_id: string;
  last_read_seq: Int8;
  read_at: Instant;
}

/** The renter's answers on an ended, delivered contract (0013; read by trust). */
export interface ContractFeedbackTable {
  contract_id: string;
  renter_id: string;
  provider_id: string;
  matched_description: boolean;
  would_rent_again: boolean;
  comment: string | null;
  created_at: Instant;
}

/** A provider's Chatwoot mirror settings; `api_token` is never returned (0013). */
export interface ChatwootSettingsTable {
  provider_id: string;
  enabled: boolean;
  base_url: string;
  account_id: number;
  inbox_id: number;
  api_token: string;
  api_token_last4: string;
  target_version: Generated<number>;
  created_at: Instant;
  updated_at: Instant;
}

/** The Chatwoot contact of a renter in a provider's Chatwoot account (0013). */
export interface ChatwootContactsTable {
  provider_id: string;
  renter_id: string;
  target_version: number;
  contact_id: Int8;
  source_id: string;
  created_at: Instant;
}

/** A contract's Chatwoot conversation and the lease of the worker mirroring it (0013). */
export interface ChatwootThreadsTable {
  contract_id: string;
  provider_id: string;
  target_version: number | null;
  conversation_id: Int8 | null;
  lease_owner: string | null;
  lease_until: Instant | null;
}

/** A message to mirror into Chatwoot (0013). */
export interface ChatwootOutboxTable {
  message_id: string;
  contract_id: string;
  provider_id: string;
  status: ColumnType<
    'pending' | 'sent' | 'failed' | 'cancelled',
    'pending' | 'sent' | 'failed' | 'cancelled' | undefined,
    'pending' | 'sent' | 'failed' | 'cancelled'
  >;
  attempts: Generated<number>;
  next_attempt_at: Instant;
  last_error: string | null;
  chatwoot_message_id: Int8 | null;
  created_at: Instant;
  sent_at: Instant | null;
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
  contracts: ContractsTable;
  contract_segments: ContractSegmentsTable;
  contract_history: ContractHistoryTable;
  contract_credentials: ContractCredentialsTable;
  provider_cancellations: ProviderCancellationsTable;
  refunds: RefundsTable;
  payments: PaymentsTable;
  processed_events: ProcessedEventsTable;
  payment_disputes: PaymentDisputesTable;
  payment_alerts: PaymentAlertsTable;
  billing_work: BillingWorkTable;
  jobs: JobsTable;
  wallet_balances: WalletBalancesTable;
  wallet_ledger: WalletLedgerTable;
  setup_tokens: SetupTokensTable;
  agents: AgentsTable;
  health_checks: HealthChecksTable;
  probe_targets: ProbeTargetsTable;
  probe_results: ProbeResultsTable;
  uptime_hours: UptimeHoursTable;
  uptime_dirty: UptimeDirtyTable;
  uptime_windows: UptimeWindowsTable;
  trust_job_state: TrustJobStateTable;
  provider_records: ProviderRecordsTable;
  uptime_alerts: UptimeAlertsTable;
  mail_outbox: MailOutboxTable;
  billing_settings: BillingSettingsTable;
  vat_validations: VatValidationsTable;
  invoice_counters: InvoiceCountersTable;
  invoices: InvoicesTable;
  earnings_accruals: EarningsAccrualsTable;
  earnings: EarningsTable;
  payout_batches: PayoutBatchesTable;
  payout_items: PayoutItemsTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  notification_telegram: NotificationTelegramTable;
  notification_webhooks: NotificationWebhooksTable;
  telegram_link_tokens: TelegramLinkTokensTable;
  telegram_bot_state: TelegramBotStateTable;
  telegram_replies: TelegramRepliesTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_meter: NotificationMeterTable;
  notification_tier_purchases: NotificationTierPurchasesTable;
  contract_messages: ContractMessagesTable;
  message_waits: MessageWaitsTable;
  message_read_receipts: MessageReadReceiptsTable;
  contract_feedback: ContractFeedbackTable;
  chatwoot_settings: ChatwootSettingsTable;
  chatwoot_contacts: ChatwootContactsTable;
  chatwoot_threads: ChatwootThreadsTable;
  chatwoot_outbox: ChatwootOutboxTable;
  schema_migrations: SchemaMigrationsTable;
}
