-- Linking a Telegram chat by Telegram's deep link (t.me/<bot>?start=<token>): the chat is the
-- one that sends the token to the bot, so only the owner of a chat can link it.

-- Single-use link tokens. Only the SHA-256 of the token is stored (hex); the token itself is
-- shown once, in the link. A token links at most once (`used_at`), before `expires_at`.
CREATE TABLE telegram_link_tokens (
  token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  account_id uuid NOT NULL REFERENCES accounts(id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL CHECK (expires_at > created_at),
  used_at timestamptz,
  -- The chat the token linked (set with used_at).
  chat_id text CHECK (length(chat_id) BETWEEN 1 AND 64),
  CHECK ((used_at IS NULL) = (chat_id IS NULL))
);
CREATE INDEX telegram_link_tokens_account ON telegram_link_tokens (account_id);

-- The getUpdates consumer of each bot (keyed by the bot id, the token's number before ':', as
-- update ids are per bot): the next update to ask for, and the lease of the one instance that
-- long-polls. An update is processed in the transaction that moves `update_offset` past it,
-- only while the offset is not past it yet, so it is processed once whoever polled it.
CREATE TABLE telegram_bot_state (
  bot_id bigint PRIMARY KEY,
  update_offset bigint NOT NULL DEFAULT 0 CHECK (update_offset >= 0),
  lease_owner text,
  lease_until timestamptz
);
