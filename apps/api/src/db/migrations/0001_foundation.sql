-- Accounts, keys, API tokens, the replay store, rate limits, providers, pools and offerings.
-- Money is bigint minor units; every instant is timestamptz.

CREATE TABLE accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z][a-z0-9_-]{2,31}$'),
  display_name text,
  email text,
  email_verified_at timestamptz,
  is_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE account_keys (
  public_key text PRIMARY KEY CHECK (public_key ~ '^[0-9a-f]{64}$'),
  account_id uuid NOT NULL REFERENCES accounts(id),
  label text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX account_keys_account ON account_keys (account_id);

-- One pending code per account; only a hash of the code is kept.
CREATE TABLE email_verifications (
  account_id uuid PRIMARY KEY REFERENCES accounts(id),
  email text NOT NULL,
  code_hash text NOT NULL,
  attempts integer NOT NULL DEFAULT 0,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts(id),
  name text NOT NULL,
  prefix text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);

-- Seen (key, nonce) pairs of signed requests, shared by every API instance.
CREATE TABLE request_nonces (
  public_key text NOT NULL,
  nonce text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (public_key, nonce)
);
CREATE INDEX request_nonces_expiry ON request_nonces (expires_at);

-- Fixed-window counters for the database-backed rate limiter.
CREATE TABLE rate_limit_windows (
  bucket text NOT NULL,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL,
  PRIMARY KEY (bucket, window_start)
);

CREATE TABLE providers (
  account_id uuid PRIMARY KEY REFERENCES accounts(id),
  legal_name text NOT NULL,
  display_name text NOT NULL,
  website text,
  country char(2) NOT NULL,
  support_email text NOT NULL,
  support_policy jsonb NOT NULL,
  trust_score numeric,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pools (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  name text NOT NULL,
  region text NOT NULL,
  country char(2),
  provisioner_kinds text[] NOT NULL,
  -- Latest heartbeat of any agent in the pool (agents arrive with the dispatch issue).
  last_heartbeat_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, name)
);

CREATE TABLE offerings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  slug text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  product_page_url text,
  product_type text NOT NULL,
  virtualization text NOT NULL,
  visibility text NOT NULL,
  stock text NOT NULL,
  draft boolean NOT NULL,
  currency char(3) NOT NULL,
  currency_exponent smallint NOT NULL,
  price_per_month bigint NOT NULL CHECK (price_per_month > 0),
  -- Major units, so `price:<=20` compares across currencies with different exponents.
  price_major numeric GENERATED ALWAYS AS (price_per_month::numeric / power(10::numeric, currency_exponent)) STORED,
  setup_fee bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0),
  min_hours integer NOT NULL DEFAULT 1,
  max_hours integer,
  cpu_cores integer NOT NULL,
  cpu_model text,
  cpu_arch text NOT NULL,
  memory_mib bigint NOT NULL,
  disk_gib bigint NOT NULL,
  disk_kind text NOT NULL,
  gpu_model text,
  gpu_count integer NOT NULL DEFAULT 0,
  gpu_memory_gib integer,
  bandwidth_mbps integer NOT NULL,
  traffic_gib_per_month bigint,
  ipv4 boolean NOT NULL,
  ipv6 boolean NOT NULL,
  country char(2) NOT NULL,
  city text,
  region text NOT NULL,
  provisioner text NOT NULL,
  provisioner_config jsonb NOT NULL DEFAULT '{}',
  pool_id uuid REFERENCES pools(id),
  os_images text[] NOT NULL,
  post_provision_script text,
  -- Filled by the trust job and the market-price refresh; null until there is data.
  trust_score numeric,
  uptime_30d numeric,
  market_median_price bigint,
  market_comparables integer NOT NULL DEFAULT 0,
  market_delta_pct numeric,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX offerings_provider_slug ON offerings (provider_id, slug) WHERE deleted_at IS NULL;
CREATE INDEX offerings_provider ON offerings (provider_id);
-- The catalog only ever reads listed rows; partial indexes keep them small.
CREATE INDEX offerings_listed_default_order ON offerings (trust_score DESC NULLS LAST, uptime_30d DESC NULLS LAST, price_major, id)
  WHERE deleted_at IS NULL AND NOT draft AND visibility <> 'private';
CREATE INDEX offerings_listed_price ON offerings (price_major, id)
  WHERE deleted_at IS NULL AND NOT draft AND visibility <> 'private';
CREATE INDEX offerings_listed_newest ON offerings (created_at DESC, id DESC)
  WHERE deleted_at IS NULL AND NOT draft AND visibility <> 'private';
CREATE INDEX offerings_listed_type_country ON offerings (product_type, country)
  WHERE deleted_at IS NULL AND NOT draft AND visibility <> 'private';

CREATE TABLE offering_allow_list (
  offering_id uuid NOT NULL REFERENCES offerings(id) ON DELETE CASCADE,
  account_id uuid NOT NULL REFERENCES accounts(id),
  PRIMARY KEY (offering_id, account_id)
);
CREATE INDEX offering_allow_list_account ON offering_allow_list (account_id);
