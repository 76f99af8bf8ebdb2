-- Receipts (mail outbox), billing settings, VIES consultations, invoices and credit notes
-- (billing.md §5). Tax records are never updated or deleted (contracts.md §7: 10 years).

-- Mail waiting to be sent, written in the transaction of what it reports (a payment), so a
-- message exists exactly when its cause does. The worker claims a due row by moving
-- `available_at` past now (a lease: a worker that dies mid-send leaves it due again later),
-- sends it, and only then marks it sent. `key` makes enqueueing idempotent.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL UNIQUE,            -- e.g. 'receipt:ledger:42'; also the Message-ID
  account_id uuid NOT NULL REFERENCES accounts(id),
  template text NOT NULL CHECK (template IN ('receipt')),
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed','undeliverable')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  available_at timestamptz NOT NULL,
  -- Fixed at the first claim, so every retry goes to the same address.
  recipient text,
  last_error text,
  -- What the transport said: the SMTP response or the .eml path.
  delivery text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);
CREATE INDEX mail_outbox_due ON mail_outbox (available_at) WHERE status = 'pending';

-- Who an invoice is made out to: one row per account, snapshotted into each invoice.
CREATE TABLE billing_settings (
  account_id uuid PRIMARY KEY REFERENCES accounts(id),
  buyer_kind text NOT NULL CHECK (buyer_kind IN ('individual','business')),
  name text NOT NULL,                  -- the person, or the company's legal name
  address_line1 text NOT NULL,
  address_line2 text,
  postal_code text,
  city text NOT NULL,
  region text,
  country char(2) NOT NULL,            -- ISO 3166-1 alpha-2
  vat_id text,                         -- with its country prefix, e.g. 'DE123456789'
  CHECK (vat_id IS NULL OR buyer_kind = 'business'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Every VIES consultation, kept as evidence; the newest definite answer younger than 24 h is
-- the cache. `country` is the VIES code (EL for Greece).
CREATE TABLE vat_validations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  country char(2) NOT NULL,
  number text NOT NULL,                -- without the country prefix
  valid boolean NOT NULL,
  name text,
  address text,
  consultation_reference text,         -- VIES requestIdentifier
  checked_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX vat_validations_lookup ON vat_validations (country, number, checked_at DESC);

CREATE FUNCTION vat_validations_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'vat_validations is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER vat_validations_append_only BEFORE UPDATE OR DELETE ON vat_validations
  FOR EACH ROW EXECUTE FUNCTION vat_validations_append_only();

-- The last number used per seller, series and year. Incremented in the transaction that
-- inserts the invoice: a rolled-back invoice rolls its number back, so numbers are gapless,
-- and the row lock serialises concurrent issuers, so they are never duplicated.
CREATE TABLE invoice_counters (
  seller text NOT NULL,
  series text NOT NULL CHECK (series IN ('INV','CN')),
  year integer NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  last_number integer NOT NULL CHECK (last_number >= 1 AND last_number <= 999999),
  PRIMARY KEY (seller, series, year)
);

-- Invoices (series INV) and credit notes (series CN). Immutable: every field a PDF prints is
-- stored here, so the document renders the same forever; corrections are credit notes.
CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  series text NOT NULL CHECK (series IN ('INV','CN')),
  number text NOT NULL,                -- 'INV-2025-000001'
  seller text NOT NULL,
  year integer NOT NULL,
  sequence integer NOT NULL CHECK (sequence >= 1),
  -- What was paid or refunded: 'segment:<contract>:<seq>' or 'refund:<refund id>'.
  source text NOT NULL UNIQUE,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  renter_id uuid NOT NULL REFERENCES accounts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  credited_invoice_id uuid REFERENCES invoices(id),
  CHECK ((series = 'CN') = (credited_invoice_id IS NOT NULL)),
  issued_at timestamptz NOT NULL,
  supplied_at timestamptz NOT NULL,
  currency char(3) NOT NULL,
  vat_kind text NOT NULL CHECK (vat_kind IN ('domestic','reverse_charge','oss','out_of_scope')),
  vat_rate_bps integer NOT NULL CHECK (vat_rate_bps BETWEEN 0 AND 10000),
  net bigint NOT NULL,
  vat bigint NOT NULL,
  total bigint NOT NULL,
  CHECK (total = net + vat),
  CHECK ((series = 'INV' AND net > 0) OR (series = 'CN' AND net < 0)),
  note text,
  payment_reference text NOT NULL,
  seller_details jsonb NOT NULL,
  buyer_details jsonb NOT NULL,
  lines jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (seller, series, year, sequence),
  UNIQUE (seller, number)
);
CREATE INDEX invoices_contract ON invoices (contract_id, issued_at, number);

CREATE FUNCTION invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'invoices are immutable (% refused); issue a credit note instead', TG_OP;
END;
$$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_immutable();
