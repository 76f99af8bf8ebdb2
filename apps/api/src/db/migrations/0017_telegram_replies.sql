-- The bot's answers in its chats ("Linked to @...", the /stop and help answers), written in the
-- transaction that processes the update they answer, then sent from this outbox. Before, the
-- answer was sent after the commit from memory: a process killed between the two, or a Bot API
-- unreachable at that moment, lost it. Telegram has no idempotency key, so an answer is marked
-- `sending` before its call and never sent again from there: a crash mid-call leaves it
-- `sending` (at most once); one that certainly did not reach Telegram goes back to `pending`.
CREATE TABLE telegram_replies (
  bot_id bigint NOT NULL REFERENCES telegram_bot_state(bot_id),
  -- The update answered: one answer per update.
  update_id bigint NOT NULL CHECK (update_id >= 0),
  chat_id text NOT NULL CHECK (length(chat_id) BETWEEN 1 AND 64),
  -- Telegram's limit for one message.
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 4096),
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending','sending','sent','failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  available_at timestamptz NOT NULL,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL,
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  PRIMARY KEY (bot_id, update_id)
);
CREATE INDEX telegram_replies_due ON telegram_replies (bot_id, available_at)
  WHERE status = 'pending';
