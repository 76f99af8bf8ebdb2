-- Deleting a pool retires it instead of removing the row (spec: agent-protocol.md §3).
--
-- A pool's row is referenced by contracts and jobs (their history) and by its agents'
-- delegations and setup tokens, whose signed evidence of the provider's authority must be kept.
-- A hard delete either failed on the contracts' foreign key or cascaded that evidence away.
-- Now the pool gets `deleted_at`, its agents are revoked and its unused setup tokens expire;
-- the name is free again for a new pool.
ALTER TABLE pools ADD COLUMN deleted_at timestamptz;
ALTER TABLE pools DROP CONSTRAINT pools_provider_id_name_key;
CREATE UNIQUE INDEX pools_live_name ON pools (provider_id, name) WHERE deleted_at IS NULL;
