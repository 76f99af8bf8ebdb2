-- Agents: setup tokens, delegations (with the evidence of the provider's authority), heartbeats,
-- health checks, and what the job protocol adds to jobs and contracts.

-- A provider's one-time authority for an agent to join a pool. Only the SHA-256 of the token is
-- kept; the provider's signed request that created it is the delegation's evidence.
CREATE TABLE setup_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  pool_id uuid NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  permissions text[] NOT NULL CHECK (cardinality(permissions) >= 1 AND permissions <@
    ARRAY['lease_jobs','report_instances','report_health','heartbeat','manage_dns']::text[]),
  agent_valid_days integer NOT NULL CHECK (agent_valid_days BETWEEN 1 AND 3650),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by text,
  -- {method, path, headers: {x-dc-*}, body}: the provider-signed request, verifiable later.
  evidence jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX setup_tokens_pool ON setup_tokens (pool_id);

-- One delegation per agent key: a key never moves to another provider. Revoked rows stay.
CREATE TABLE agents (
  agent_pubkey text PRIMARY KEY CHECK (agent_pubkey ~ '^[0-9a-f]{64}$'),
  provider_id uuid NOT NULL REFERENCES providers(account_id),
  pool_id uuid NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
  permissions text[] NOT NULL CHECK (cardinality(permissions) >= 1 AND permissions <@
    ARRAY['lease_jobs','report_instances','report_health','heartbeat','manage_dns']::text[]),
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL CHECK (not_after > not_before),
  serial text NOT NULL,
  source text NOT NULL CHECK (source IN ('setup_token','certificate')),
  setup_token_id uuid REFERENCES setup_tokens(id) ON DELETE SET NULL,
  -- The provider's authority: the signed setup-token request, or the signed certificate.
  evidence jsonb NOT NULL,
  region text,
  revoked_at timestamptz,
  -- Latest heartbeat.
  last_heartbeat_at timestamptz,
  version text,
  provisioner_kinds text[] NOT NULL DEFAULT '{}',
  active_jobs integer,
  capacity integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (provider_id, serial)
);
CREATE INDEX agents_provider ON agents (provider_id, created_at);
CREATE INDEX agents_pool ON agents (pool_id);

-- Append-only health reports (the trust issue computes uptime from them).
CREATE TABLE health_checks (
  id bigserial PRIMARY KEY,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  agent_pubkey text NOT NULL,
  status text NOT NULL CHECK (status IN ('healthy','unhealthy','unknown')),
  uptime_seconds bigint CHECK (uptime_seconds >= 0),
  reason text,
  checked_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX health_checks_contract ON health_checks (contract_id, checked_at DESC);

CREATE FUNCTION health_checks_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'health_checks is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER health_checks_append_only BEFORE UPDATE ON health_checks
  FOR EACH ROW EXECUTE FUNCTION health_checks_append_only();

-- The instance a terminate job removed (the recorded provisioner and external id) and when.
ALTER TABLE contracts ADD COLUMN instance_terminated_at timestamptz;

-- Expired leases are claimable again; this finds them without scanning the queue.
CREATE INDEX jobs_leased ON jobs (provider_id, pool_id, lease_expires_at) WHERE status = 'leased';
