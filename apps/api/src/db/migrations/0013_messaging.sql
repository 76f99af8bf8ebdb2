-- Per-contract messaging, response-time SLA, feedback and the Chatwoot mirror (trust.md §3-4).
--
-- The platform's thread is the record: messages are written once and never edited. A renter
-- message starts a response wait unless one is open; the provider's first message that is not
-- automated ends it (never-again 30: bots and auto-replies never count as replies). A periodic
-- job marks waits past their SLA as breached. The provider record (helper T) reads
-- `message_waits` and `contract_feedback`.

-- How many hours a provider gives itself to answer a renter's message (trust.md §4).
ALTER TABLE offerings
  ADD COLUMN response_sla_hours integer NOT NULL DEFAULT 4
    CHECK (response_sla_hours BETWEEN 1 AND 720);

CREATE TABLE contract_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order: the thread's order and its cursor.
  seq bigserial NOT NULL UNIQUE,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  -- NULL only for the platform's own (`system`) messages.
  author_id uuid REFERENCES accounts(id),
  author_role text NOT NULL CHECK (author_role IN ('renter', 'provider', 'admin', 'system')),
  body text NOT NULL CHECK (char_length(body) <= 10000),
  -- [{name, url, size_bytes, sha256}]: references only, the platform stores no file.
  attachments jsonb NOT NULL DEFAULT '[]',
  automated boolean NOT NULL,
  -- How the author authenticated: a signature (`key`), an API token, or the platform itself.
  via text NOT NULL CHECK (via IN ('key', 'token', 'system')),
  idempotency_key text,
  created_at timestamptz NOT NULL,
  CHECK ((author_role = 'system') = (author_id IS NULL)),
  CHECK (author_role <> 'system' OR (automated AND via = 'system')),
  -- Programs act through tokens; their messages are never a person's reply.
  CHECK (via <> 'token' OR automated)
);
CREATE INDEX contract_messages_thread ON contract_messages (contract_id, seq);
CREATE UNIQUE INDEX contract_messages_idempotency
  ON contract_messages (contract_id, author_id, idempotency_key)
  WHERE idempotency_key IS NOT NULL;

-- One row per renter message that starts a wait: the first renter message after the last
-- non-automated provider reply. `replied_at` is the first non-automated provider message after
-- it; `breached_at` is when the SLA job found it unanswered past `sla_seconds`.
CREATE TABLE message_waits (
  renter_message_id uuid PRIMARY KEY REFERENCES contract_messages(id),
  contract_id uuid NOT NULL REFERENCES contracts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  offering_id uuid NOT NULL REFERENCES offerings(id),
  asked_at timestamptz NOT NULL,
  -- The offering's response_sla_hours when the renter asked, in seconds.
  sla_seconds integer NOT NULL CHECK (sla_seconds > 0),
  replied_at timestamptz,
  reply_message_id uuid REFERENCES contract_messages(id),
  breached_at timestamptz,
  CHECK ((replied_at IS NULL) = (reply_message_id IS NULL)),
  CHECK (replied_at IS NULL OR replied_at >= asked_at)
);
-- At most one open wait per contract: concurrent renter messages cannot start two.
CREATE UNIQUE INDEX message_waits_open ON message_waits (contract_id) WHERE replied_at IS NULL;
CREATE INDEX message_waits_unbreached ON message_waits (asked_at)
  WHERE replied_at IS NULL AND breached_at IS NULL;
CREATE INDEX message_waits_provider ON message_waits (provider_id, asked_at);

-- How far each participant has read a thread; receipts only move forward.
CREATE TABLE message_read_receipts (
  contract_id uuid NOT NULL REFERENCES contracts(id),
  account_id uuid NOT NULL REFERENCES accounts(id),
  role text NOT NULL CHECK (role IN ('renter', 'provider', 'admin')),
  last_read_message_id uuid NOT NULL REFERENCES contract_messages(id),
  last_read_seq bigint NOT NULL,
  read_at timestamptz NOT NULL,
  PRIMARY KEY (contract_id, account_id)
);

-- The renter's answers after a delivered contract ended, once per contract (trust.md §3).
CREATE TABLE contract_feedback (
  contract_id uuid PRIMARY KEY REFERENCES contracts(id),
  renter_id uuid NOT NULL REFERENCES accounts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  matched_description boolean NOT NULL,
  would_rent_again boolean NOT NULL,
  comment text CHECK (char_length(comment) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL
);
CREATE INDEX contract_feedback_provider ON contract_feedback (provider_id, created_at);

-- A provider's Chatwoot mirror (off until set). `api_token` is kept in clear because every
-- call needs it; it is never returned nor logged. `target_version` grows whenever the target
-- (URL, account, inbox) changes, so contacts and conversations made for an older target are
-- made again instead of being written to.
CREATE TABLE chatwoot_settings (
  provider_id uuid PRIMARY KEY REFERENCES providers(account_id),
  enabled boolean NOT NULL,
  base_url text NOT NULL CHECK (char_length(base_url) <= 2000),
  account_id integer NOT NULL CHECK (account_id > 0),
  inbox_id integer NOT NULL CHECK (inbox_id > 0),
  api_token text NOT NULL,
  api_token_last4 text NOT NULL,
  target_version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- The Chatwoot contact standing for a renter in a provider's Chatwoot account.
CREATE TABLE chatwoot_contacts (
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  renter_id uuid NOT NULL REFERENCES accounts(id),
  target_version integer NOT NULL,
  contact_id bigint NOT NULL,
  source_id text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (provider_id, renter_id)
);

-- One Chatwoot conversation per contract, and the lease of the worker mirroring it: one worker
-- at a time per contract keeps the messages in order and the conversation single.
CREATE TABLE chatwoot_threads (
  contract_id uuid PRIMARY KEY REFERENCES contracts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  target_version integer,
  conversation_id bigint,
  lease_owner uuid,
  lease_until timestamptz
);

-- One row per message to mirror, written in the message's transaction; the primary key makes
-- a message mirrored at most once by this outbox.
CREATE TABLE chatwoot_outbox (
  message_id uuid PRIMARY KEY REFERENCES contract_messages(id),
  contract_id uuid NOT NULL REFERENCES contracts(id),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  chatwoot_message_id bigint,
  created_at timestamptz NOT NULL,
  sent_at timestamptz
);
CREATE INDEX chatwoot_outbox_due ON chatwoot_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX chatwoot_outbox_thread ON chatwoot_outbox (contract_id) WHERE status = 'pending';
CREATE INDEX chatwoot_outbox_provider ON chatwoot_outbox (provider_id, status);
