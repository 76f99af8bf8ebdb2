-- Notifications (trust.md §5): the in-app inbox, per-account preferences and channel settings,
-- the delivery outbox the worker drains, one metering ledger for every send, and paid tiers
-- that add daily quota.

-- One row per event occurrence for an account, written in the transaction of its cause (a
-- rolled-back cause leaves nothing). `dedupe_key` makes enqueueing idempotent: the same
-- occurrence enqueued twice is one notification. `in_app` is false when the account turned the
-- inbox off for this event: the row still exists because the deliveries hang off it.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order, for stable cursor pagination of the inbox.
  seq bigserial NOT NULL UNIQUE,
  account_id uuid NOT NULL REFERENCES accounts(id),
  event text NOT NULL CHECK (event IN ('contract_requested','contract_accepted',
    'contract_rejected','contract_provisioned','contract_failed','password_reset_done',
    'message_received','sla_breach','uptime_below_threshold','term_ending','refund_issued',
    'payout_sent','quota_exceeded')),
  -- Not a foreign key: a notification outlives nothing it refers to, and must never block it.
  contract_id uuid,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body text NOT NULL CHECK (length(body) <= 4000),
  data jsonb NOT NULL DEFAULT '{}',
  dedupe_key text NOT NULL CHECK (length(dedupe_key) BETWEEN 1 AND 300),
  in_app boolean NOT NULL DEFAULT true,
  read_at timestamptz,
  created_at timestamptz NOT NULL,
  UNIQUE (account_id, dedupe_key)
);
CREATE INDEX notifications_inbox ON notifications (account_id, seq DESC) WHERE in_app;
CREATE INDEX notifications_unread ON notifications (account_id) WHERE in_app AND read_at IS NULL;

-- Only what an account changed from the defaults (apps/api/src/notifications/preferences.ts).
CREATE TABLE notification_preferences (
  account_id uuid NOT NULL REFERENCES accounts(id),
  event text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('in_app','email','telegram','webhook')),
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (account_id, event, channel)
);

-- The Telegram chat an account receives messages in (the bot is the platform's).
CREATE TABLE notification_telegram (
  account_id uuid PRIMARY KEY REFERENCES accounts(id),
  chat_id text NOT NULL CHECK (length(chat_id) BETWEEN 1 AND 64),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- One webhook endpoint per account. `secret` signs every body (HMAC-SHA256); it is returned
-- once, when created or rotated, and never again. Kept in clear because signing needs it.
CREATE TABLE notification_webhooks (
  account_id uuid PRIMARY KEY REFERENCES accounts(id),
  id uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  url text NOT NULL CHECK (length(url) <= 2000),
  secret text NOT NULL,
  created_at timestamptz NOT NULL,
  rotated_at timestamptz NOT NULL
);

-- One row per notification and external channel enabled when it was enqueued. The worker claims
-- a due row by moving `available_at` a lease ahead (FOR UPDATE SKIP LOCKED), so a worker that
-- dies leaves it due again later. `sending` is the Telegram state recorded before the call
-- (at-most-once: a `sending` row whose lease ended is not called again, see worker.ts).
-- `target` (chat id, URL, mail outbox key) is fixed at the first send so retries go to the same
-- place.
CREATE TABLE notification_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  notification_id uuid NOT NULL REFERENCES notifications(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  channel text NOT NULL CHECK (channel IN ('email','telegram','webhook')),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending','sending','sent','failed','dropped')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  available_at timestamptz NOT NULL,
  target text,
  -- When the send consumed quota (once per delivery, at its first send attempt).
  metered_at timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  UNIQUE (notification_id, channel)
);
CREATE INDEX notification_deliveries_due ON notification_deliveries (available_at)
  WHERE status IN ('pending','sending');

-- The metering ledger: one row per delivery that reached its send, either counted against the
-- day's quota (`sent`) or refused by it (`dropped_over_quota`). Append-only. `day` is the UTC
-- day the quota counted; usage of a day = its `sent` rows.
CREATE TABLE notification_meter (
  id bigserial PRIMARY KEY,
  account_id uuid NOT NULL REFERENCES accounts(id),
  channel text NOT NULL CHECK (channel IN ('email','telegram','webhook','sms')),
  day date NOT NULL,
  delivery_id uuid NOT NULL UNIQUE REFERENCES notification_deliveries(id),
  outcome text NOT NULL CHECK (outcome IN ('sent','dropped_over_quota')),
  created_at timestamptz NOT NULL
);
CREATE INDEX notification_meter_usage ON notification_meter (account_id, channel, day)
  WHERE outcome = 'sent';

CREATE FUNCTION notification_meter_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'notification_meter is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER notification_meter_append_only BEFORE UPDATE OR DELETE ON notification_meter
  FOR EACH ROW EXECUTE FUNCTION notification_meter_append_only();

-- Paid tiers bought from the wallet: each adds its daily quota from starts_at to ends_at.
-- `idempotency_key` is the buyer's: a retried purchase finds the first one.
CREATE TABLE notification_tier_purchases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id uuid NOT NULL REFERENCES accounts(id),
  tier text NOT NULL,
  currency char(3) NOT NULL,
  price bigint NOT NULL CHECK (price > 0),
  wallet_ledger_id bigint NOT NULL UNIQUE REFERENCES wallet_ledger(id),
  idempotency_key text NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  created_at timestamptz NOT NULL,
  UNIQUE (account_id, idempotency_key)
);
CREATE INDEX notification_tier_purchases_active ON notification_tier_purchases (account_id, ends_at);

-- Notification emails go through the mail outbox of 0008 with their own template.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_template_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_template_check
  CHECK (template IN ('receipt','notification'));

-- A tier purchase is a wallet debit of its own kind.
ALTER TABLE wallet_ledger DROP CONSTRAINT wallet_ledger_kind_check;
ALTER TABLE wallet_ledger ADD CONSTRAINT wallet_ledger_kind_check
  CHECK (kind IN ('topup','rental_debit','extension_debit','refund_credit','adjustment',
    'notification_tier'));
