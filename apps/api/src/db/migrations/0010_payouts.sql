-- Provider earnings and payouts (billing.md §4, contracts.md §4).
--
-- Earnings accrue as service is consumed: a periodic job computes each delivered contract's
-- settlement with @dc/pricing and appends the change since the last accrual to `earnings`
-- (append-only). Payout batches pay unbatched earnings per provider and currency; a batch's
-- items name the earnings it pays, and a failed batch releases them for the next batch.

-- Where Stripe Connect transfers go: the provider's connected account.
ALTER TABLE providers
  ADD COLUMN payout_stripe_account text
    CHECK (payout_stripe_account ~ '^acct_[A-Za-z0-9]{1,64}$');

-- Per contract: what is accrued so far, so every run books only the difference. The row is the
-- claim: a worker locks it with FOR UPDATE SKIP LOCKED, so one contract is accrued by one
-- worker at a time and each sequence number is written once.
CREATE TABLE earnings_accruals (
  contract_id uuid PRIMARY KEY REFERENCES contracts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  currency char(3) NOT NULL,
  -- The platform fee in force at the contract's first accrual; later changes of the setting
  -- never re-price consumption already agreed.
  fee_bps integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
  seq integer NOT NULL DEFAULT 0 CHECK (seq >= 0),
  consumed bigint NOT NULL DEFAULT 0,
  platform_fee bigint NOT NULL DEFAULT 0,
  earned bigint NOT NULL DEFAULT 0,
  lost bigint NOT NULL DEFAULT 0,
  -- The contract as last accrued: a terminal contract is accrued again only when one of these
  -- changed since (a late refund, a dispute's outcome).
  contract_updated_at timestamptz,
  contract_refunded bigint,
  contract_payment_status text,
  final boolean NOT NULL DEFAULT false,
  next_at timestamptz NOT NULL,
  accrued_at timestamptz
);
CREATE INDEX earnings_accruals_due ON earnings_accruals (next_at) WHERE NOT final;

-- One row per change of a contract's earnings (`accrual:<contract>:<seq>`), never edited.
CREATE TABLE earnings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  idempotency_key text NOT NULL UNIQUE,
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  contract_id uuid NOT NULL REFERENCES contracts(id),
  seq integer NOT NULL CHECK (seq >= 1),
  currency char(3) NOT NULL,
  -- The change booked by this entry; negative when a later refund or a lost dispute shrank
  -- what had been earned.
  consumed bigint NOT NULL,
  platform_fee bigint NOT NULL,
  amount bigint NOT NULL,
  -- The contract's settlement at this accrual (minor units of `currency`).
  paid bigint NOT NULL CHECK (paid >= 0),
  refunded bigint NOT NULL CHECK (refunded >= 0),
  refundable bigint NOT NULL CHECK (refundable >= 0),
  consumed_to_date bigint NOT NULL CHECK (consumed_to_date >= 0),
  platform_fee_to_date bigint NOT NULL CHECK (platform_fee_to_date >= 0),
  earned_to_date bigint NOT NULL CHECK (earned_to_date >= 0),
  -- Consumed value a lost dispute took back (charged back): neither earned nor fee.
  lost_to_date bigint NOT NULL CHECK (lost_to_date >= 0),
  -- Conservation (contracts.md §4), exact at every accrual.
  CHECK (earned_to_date + platform_fee_to_date + lost_to_date + refundable + refunded = paid),
  final boolean NOT NULL,
  accrued_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (contract_id, seq)
);
CREATE INDEX earnings_provider ON earnings (provider_id, currency, accrued_at DESC, id DESC);

CREATE FUNCTION earnings_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'earnings is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER earnings_append_only BEFORE UPDATE OR DELETE ON earnings
  FOR EACH ROW EXECUTE FUNCTION earnings_append_only();

-- A transfer of earnings to one provider in one currency:
-- draft -> approved -> sent -> confirmed | failed (draft and approved may also fail).
CREATE TABLE payout_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  currency char(3) NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  rail text NOT NULL CHECK (rail IN ('manual','stripe_connect')),
  status text NOT NULL CHECK (status IN ('draft','approved','sent','confirmed','failed')),
  -- Stripe: the connected account, fixed when the batch is created.
  destination text,
  CHECK (rail <> 'stripe_connect' OR destination IS NOT NULL),
  -- The admin's retry key: the same key returns the same batch.
  idempotency_key text NOT NULL UNIQUE,
  -- Manual: the reference of the admin's payment; Stripe: the transfer id.
  external_reference text,
  CHECK (status <> 'confirmed' OR external_reference IS NOT NULL),
  failure_reason text,
  CHECK (status <> 'failed' OR failure_reason IS NOT NULL),
  -- Stripe sends: attempts, the last retryable error, and the lease of the call in flight.
  send_attempts integer NOT NULL DEFAULT 0 CHECK (send_attempts >= 0),
  last_error text,
  send_locked_until timestamptz,
  created_by text NOT NULL,
  approved_by text,
  sent_by text,
  confirmed_by text,
  failed_by text,
  created_at timestamptz NOT NULL,
  approved_at timestamptz,
  sent_at timestamptz,
  confirmed_at timestamptz,
  failed_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE INDEX payout_batches_provider ON payout_batches (provider_id, created_at DESC, id DESC);
CREATE INDEX payout_batches_created ON payout_batches (created_at DESC, id DESC);

-- The earnings a batch pays. A failed batch's items are released (released_at), so the
-- earning is payable again; an earning is in one unreleased item at most.
CREATE TABLE payout_items (
  batch_id uuid NOT NULL REFERENCES payout_batches(id),
  earning_id uuid NOT NULL REFERENCES earnings(id),
  amount bigint NOT NULL,
  released_at timestamptz,
  PRIMARY KEY (batch_id, earning_id)
);
CREATE UNIQUE INDEX payout_items_live ON payout_items (earning_id) WHERE released_at IS NULL;
