-- Contracts, their history, segments, credentials and refunds; the agent job queue; wallets.
-- Statuses change only through @dc/state-machine events (apps/api/src/contracts/apply-event.ts);
-- money is bigint minor units of the contract's currency, computed by @dc/pricing.

-- Auto-accept rules per offering: a request matching them is accepted by the system at once.
ALTER TABLE offerings
  ADD COLUMN auto_accept boolean NOT NULL DEFAULT false,
  ADD COLUMN auto_accept_min_hours integer CHECK (auto_accept_min_hours >= 1),
  ADD COLUMN auto_accept_max_hours integer CHECK (auto_accept_max_hours >= 1),
  -- Usernames; empty means every renter who may see the offering.
  ADD COLUMN auto_accept_renters text[] NOT NULL DEFAULT '{}';

CREATE TABLE contracts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  offering_id uuid NOT NULL REFERENCES offerings(id),
  renter_id uuid NOT NULL REFERENCES accounts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  pool_id uuid REFERENCES pools(id),
  provisioner text NOT NULL,
  -- The offering as it was when rented (price, specs, post_provision_script, ...).
  offering_snapshot jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('requested','accepted','provisioning','provisioned',
    'active','paused','rejected','cancelled','expired','provisioning_failed')),
  paused_from text CHECK (paused_from IN ('provisioned','active')),
  payment_status text NOT NULL CHECK (payment_status IN ('pending','succeeded','failed',
    'partially_refunded','refunded','disputed','charged_back')),
  payment_rail text NOT NULL CHECK (payment_rail IN ('wallet','sandbox','card')),
  currency char(3) NOT NULL,
  currency_exponent smallint NOT NULL,
  price_per_month bigint NOT NULL CHECK (price_per_month > 0),
  paid bigint NOT NULL DEFAULT 0,
  refunded bigint NOT NULL DEFAULT 0,
  CHECK (0 <= refunded AND refunded <= paid),
  ssh_public_keys text[] NOT NULL,
  os_image text NOT NULL,
  -- The renter's retry key: the same key returns the same contract.
  idempotency_key text NOT NULL,
  requested_at timestamptz NOT NULL,
  accepted_at timestamptz,
  -- The paid term starts at delivery; paused time moves its end.
  term_start timestamptz,
  paused_millis bigint NOT NULL DEFAULT 0 CHECK (paused_millis >= 0),
  paused_since timestamptz,
  ended_at timestamptz,
  term_end timestamptz,
  provision_first_leased_at timestamptz,
  -- What the agent reported: no secrets (credentials are sealed in contract_credentials).
  instance jsonb,
  instance_provisioner text,
  instance_external_id text,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (renter_id, idempotency_key)
);
CREATE INDEX contracts_renter ON contracts (renter_id, created_at DESC, id DESC);
CREATE INDEX contracts_provider ON contracts (provider_id, created_at DESC, id DESC);
CREATE INDEX contracts_offering ON contracts (offering_id);
-- Sweeps read only live contracts.
CREATE INDEX contracts_open_requests ON contracts (requested_at)
  WHERE status IN ('requested','accepted');
CREATE INDEX contracts_term_end ON contracts (term_end) WHERE status IN ('provisioned','active');
CREATE INDEX contracts_delivered ON contracts (term_start) WHERE status = 'provisioned';
CREATE INDEX contracts_provisioning ON contracts (provision_first_leased_at)
  WHERE status IN ('accepted','provisioning');
CREATE UNIQUE INDEX contracts_instance ON contracts (instance_provisioner, instance_external_id)
  WHERE instance_external_id IS NOT NULL;

-- Paid blocks of time in purchase order: the initial rental (seq 1) and each extension.
CREATE TABLE contract_segments (
  contract_id uuid NOT NULL REFERENCES contracts(id),
  seq integer NOT NULL CHECK (seq >= 1),
  hours integer NOT NULL CHECK (hours >= 1),
  amount bigint NOT NULL CHECK (amount >= 0),
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (contract_id, seq)
);

-- Append-only: one row per status change, written in the same transaction.
CREATE TABLE contract_history (
  id bigserial PRIMARY KEY,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  from_status text,
  to_status text NOT NULL,
  event text NOT NULL,
  actor_role text NOT NULL CHECK (actor_role IN ('renter','provider','agent','admin','system')),
  actor_key text NOT NULL,
  memo text,
  at timestamptz NOT NULL
);
CREATE INDEX contract_history_contract ON contract_history (contract_id, id);

-- Sealed envelopes only: the server never sees a plaintext credential.
CREATE TABLE contract_credentials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL REFERENCES contracts(id),
  purpose text NOT NULL,
  envelope jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX contract_credentials_contract ON contract_credentials (contract_id, created_at);

-- Counts against the provider's public record (provider_cancel).
CREATE TABLE provider_cancellations (
  contract_id uuid PRIMARY KEY REFERENCES contracts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  at timestamptz NOT NULL
);
CREATE INDEX provider_cancellations_provider ON provider_cancellations (provider_id, at);

-- Recorded before (wallet: with) the money moves; the key is derived from what is refunded,
-- never from a time, so a retry cannot refund twice.
CREATE TABLE refunds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  contract_id uuid NOT NULL REFERENCES contracts(id),
  amount bigint NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  idempotency_key text NOT NULL UNIQUE,
  rail text NOT NULL CHECK (rail IN ('wallet','sandbox','card')),
  status text NOT NULL CHECK (status IN ('pending','succeeded','failed')),
  reason text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_contract ON refunds (contract_id);

CREATE TABLE jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('provision','terminate','reset_password','rotate_ssh_key','stop','start')),
  contract_id uuid NOT NULL REFERENCES contracts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  pool_id uuid REFERENCES pools(id),
  provisioner text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','leased','completed','failed','cancelled')),
  attempt integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 5,
  available_at timestamptz NOT NULL DEFAULT now(),
  lease_id uuid,
  lease_agent_key text,
  lease_expires_at timestamptz,
  fencing_token bigint NOT NULL DEFAULT 0,
  first_leased_at timestamptz,
  payload jsonb NOT NULL DEFAULT '{}',
  result jsonb,
  last_error text,
  idempotency_key text NOT NULL UNIQUE,   -- e.g. 'provision:<contract id>', 'terminate:<contract id>'
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_queue ON jobs (provider_id, pool_id, available_at) WHERE status = 'queued';
CREATE INDEX jobs_contract ON jobs (contract_id);

-- One prepaid balance per account and currency; never negative (a debit is a guarded UPDATE).
CREATE TABLE wallet_balances (
  account_id uuid NOT NULL REFERENCES accounts(id),
  currency char(3) NOT NULL,
  balance bigint NOT NULL CHECK (balance >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, currency)
);

-- Append-only: every balance change, with the balance after it. Sum of amounts == balance.
CREATE TABLE wallet_ledger (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id),
  currency char(3) NOT NULL,
  amount bigint NOT NULL CHECK (amount <> 0),
  balance_after bigint NOT NULL CHECK (balance_after >= 0),
  kind text NOT NULL CHECK (kind IN ('topup','rental_debit','extension_debit','refund_credit','adjustment')),
  contract_id uuid REFERENCES contracts(id),
  reference text,
  idempotency_key text NOT NULL UNIQUE,
  memo text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX wallet_ledger_account ON wallet_ledger (account_id, id DESC);

-- Ledger rows are kept for 10 years and never edited.
CREATE FUNCTION wallet_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'wallet_ledger is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER wallet_ledger_append_only BEFORE UPDATE OR DELETE ON wallet_ledger
  FOR EACH ROW EXECUTE FUNCTION wallet_ledger_append_only();
