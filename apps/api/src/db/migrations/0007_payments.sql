-- Card payments (Stripe Checkout), webhook de-duplication, the refund executor's state,
-- disputes and payment alerts (billing.md §1-3). Amounts are bigint minor units of the
-- currency's ISO exponent; Stripe's own unit is used only at the Stripe boundary.

-- One row per amount a card is asked to pay: a wallet top-up or a contract's rental. The money
-- becomes the wallet's or the contract's only through the webhook that confirms it.
--   pending   checkout open (or not created yet)
--   succeeded received and applied (wallet credited / contract paid)
--   failed    the contract's payment ended unpaid
--   expired   the checkout session expired unpaid
--   held      received, but not the amount owed: not applied, an admin is alerted
--   late      received after the contract stopped waiting for it: refunded, never applied
CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts(id),
  contract_id uuid REFERENCES contracts(id),
  purpose text NOT NULL CHECK (purpose IN ('wallet_topup','contract')),
  CHECK ((purpose = 'contract') = (contract_id IS NOT NULL)),
  rail text NOT NULL CHECK (rail IN ('card')),
  currency char(3) NOT NULL,
  -- Owed.
  amount bigint NOT NULL CHECK (amount > 0),
  -- What the rail reported paid, once it did.
  received bigint CHECK (received >= 0),
  -- Refunds recorded against this payment and not rejected; never above what was received.
  refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  CHECK (refunded <= coalesce(received, 0)),
  status text NOT NULL CHECK (status IN ('pending','succeeded','failed','expired','held','late')),
  -- The last failed attempt's reason (a Checkout session accepts another card until it expires).
  failure text,
  -- 'topup:<account>:<client key>' or 'contract:<contract id>': a retry finds the same row.
  idempotency_key text NOT NULL UNIQUE,
  checkout_session_id text UNIQUE,
  checkout_url text,
  checkout_expires_at timestamptz,
  payment_intent_id text UNIQUE,
  charge_id text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  succeeded_at timestamptz
);
-- A contract is paid by one card payment (card extensions are not offered).
CREATE UNIQUE INDEX payments_contract ON payments (contract_id) WHERE contract_id IS NOT NULL;
CREATE INDEX payments_account ON payments (account_id, created_at DESC, id DESC);
CREATE INDEX payments_held ON payments (updated_at) WHERE status = 'held';

-- The refund executor's state. A card refund is recorded (pending) in the transaction that
-- decides it, then carried out with its idempotency key as the rail's Idempotency-Key.
ALTER TABLE refunds
  -- The payment refunded: always the payment that brought the money (never another one's).
  ADD COLUMN payment_id uuid REFERENCES payments(id),
  -- contract: counted in the contract's `refunded`; unapplied_payment: money that never became
  -- the contract's (late or held payment); dashboard: made outside (Stripe dashboard), recorded.
  ADD COLUMN source text NOT NULL DEFAULT 'contract'
    CHECK (source IN ('contract','unapplied_payment','dashboard')),
  ADD COLUMN provider_refund_id text UNIQUE,
  -- Why it waits for an admin: 'threshold' or 'exceeds_payment'.
  ADD COLUMN approval_reason text CHECK (approval_reason IN ('threshold','exceeds_payment')),
  ADD COLUMN decided_by text,
  ADD COLUMN decided_at timestamptz,
  ADD COLUMN decision_note text,
  ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  -- Bumped when an admin retries a refund the rail refused: the rail keeps a refused request's
  -- answer under its Idempotency-Key, so the retry is sent as '<key>:retry<n>'.
  ADD COLUMN retry_generation integer NOT NULL DEFAULT 0 CHECK (retry_generation >= 0),
  ADD COLUMN next_attempt_at timestamptz,
  -- A claim: another instance leaves the row alone until then (the key makes overlap harmless).
  ADD COLUMN locked_until timestamptz,
  ADD COLUMN last_error text,
  ADD COLUMN succeeded_at timestamptz;
ALTER TABLE refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_status_check
  CHECK (status IN ('pending','awaiting_approval','succeeded','failed','rejected'));
ALTER TABLE refunds ADD CONSTRAINT refunds_card_payment
  CHECK (rail <> 'card' OR payment_id IS NOT NULL);
CREATE INDEX refunds_due ON refunds (next_attempt_at) WHERE status = 'pending' AND rail = 'card';
CREATE INDEX refunds_awaiting ON refunds (created_at) WHERE status IN ('awaiting_approval','failed');
CREATE INDEX refunds_payment ON refunds (payment_id) WHERE payment_id IS NOT NULL;

-- Every webhook event applied, written in the transaction of its effect: a second delivery of
-- the same event id finds its row and changes nothing.
CREATE TABLE processed_events (
  event_id text PRIMARY KEY,
  rail text NOT NULL,
  type text NOT NULL,
  processed_at timestamptz NOT NULL
);

-- Disputes as last seen; a state only moves forward (open -> won | lost), so a late
-- `created` after a `closed` changes nothing.
CREATE TABLE payment_disputes (
  id text PRIMARY KEY,
  payment_id uuid NOT NULL REFERENCES payments(id),
  state text NOT NULL CHECK (state IN ('open','won','lost')),
  funds_withdrawn boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX payment_disputes_payment ON payment_disputes (payment_id);

-- What an admin must look at: amount mismatches, late payments, disputes on top-ups, refunds
-- the rail refused. One row per (thing, kind), whatever the number of deliveries.
CREATE TABLE payment_alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('amount_mismatch','late_payment','dispute','refund_failed',
    'dashboard_refund')),
  payment_id uuid REFERENCES payments(id),
  refund_id uuid REFERENCES refunds(id),
  detail text NOT NULL,
  dedupe_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL
);
CREATE INDEX payment_alerts_recent ON payment_alerts (created_at DESC);
