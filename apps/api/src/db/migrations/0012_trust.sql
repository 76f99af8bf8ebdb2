-- Trust and reliability (trust.md §1-2): the platform's own prober, uptime rolled up per
-- contract and hour, uptime windows per offering and provider, and the provider record with its
-- versioned trust score. Public GETs only read these tables; the scheduled trust job
-- (apps/api/src/trust/job.ts) writes them.

-- The prober's schedule: one row per delivered contract it probes. An instance claims due rows
-- (next_probe_at <= now, FOR UPDATE SKIP LOCKED) and moves next_probe_at one interval on in the
-- same statement, so each contract is probed by one instance per round.
CREATE TABLE probe_targets (
  contract_id uuid PRIMARY KEY REFERENCES contracts(id),
  next_probe_at timestamptz NOT NULL,
  claimed_by text,
  claimed_at timestamptz
);
CREATE INDEX probe_targets_due ON probe_targets (next_probe_at);

-- Append-only: one row per TCP connect to a contract's SSH port. `agent_status` is the agent's
-- latest check within the probe interval before the probe (null: none); `disagrees` records
-- that it said otherwise (healthy while the port was closed, or the reverse).
CREATE TABLE probe_results (
  id bigserial PRIMARY KEY,
  contract_id uuid NOT NULL REFERENCES contracts(id),
  probed_at timestamptz NOT NULL,
  target text NOT NULL,
  reachable boolean NOT NULL,
  latency_ms integer CHECK (latency_ms >= 0),
  error text,
  agent_check_id bigint,
  agent_status text CHECK (agent_status IN ('healthy','unhealthy','unknown')),
  disagrees boolean NOT NULL
);
CREATE INDEX probe_results_contract ON probe_results (contract_id, probed_at);

CREATE FUNCTION probe_results_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'probe_results is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER probe_results_append_only BEFORE UPDATE ON probe_results
  FOR EACH ROW EXECUTE FUNCTION probe_results_append_only();

-- Uptime per contract and hour (UTC), for the time the contract was provisioned or active up to
-- the job's horizon: expected seconds, healthy seconds (prober first, the agent where no probe
-- covers, nothing = down), and the checks behind them.
CREATE TABLE uptime_hours (
  contract_id uuid NOT NULL REFERENCES contracts(id),
  hour timestamptz NOT NULL,
  expected_seconds double precision NOT NULL CHECK (expected_seconds >= 0),
  healthy_seconds double precision NOT NULL CHECK (healthy_seconds >= 0),
  agent_checks integer NOT NULL,
  probes integer NOT NULL,
  disagreements integer NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (contract_id, hour),
  CHECK (healthy_seconds <= expected_seconds + 0.001)
);
CREATE INDEX uptime_hours_hour ON uptime_hours (hour);

-- Contracts whose hours from `since` on must be recomputed: written by the triggers below in the
-- transaction that adds a check, a probe or a status change, so a late-arriving row is never
-- missed whatever order transactions commit in. `version` lets the job delete exactly the
-- marker it read (a marker bumped meanwhile stays for the next run).
CREATE TABLE uptime_dirty (
  contract_id uuid PRIMARY KEY,
  since timestamptz NOT NULL,
  version bigint NOT NULL DEFAULT 1
);

CREATE FUNCTION uptime_mark_dirty() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'health_checks' THEN
    INSERT INTO uptime_dirty (contract_id, since)
      SELECT contract_id, min(checked_at) FROM added GROUP BY contract_id
      ON CONFLICT (contract_id) DO UPDATE
        SET since = least(uptime_dirty.since, excluded.since), version = uptime_dirty.version + 1;
  ELSIF TG_TABLE_NAME = 'probe_results' THEN
    INSERT INTO uptime_dirty (contract_id, since)
      SELECT contract_id, min(probed_at) FROM added GROUP BY contract_id
      ON CONFLICT (contract_id) DO UPDATE
        SET since = least(uptime_dirty.since, excluded.since), version = uptime_dirty.version + 1;
  ELSE
    INSERT INTO uptime_dirty (contract_id, since)
      SELECT contract_id, min(at) FROM added
        WHERE from_status IN ('provisioned','active') OR to_status IN ('provisioned','active')
        GROUP BY contract_id
      ON CONFLICT (contract_id) DO UPDATE
        SET since = least(uptime_dirty.since, excluded.since), version = uptime_dirty.version + 1;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER health_checks_uptime_dirty AFTER INSERT ON health_checks
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION uptime_mark_dirty();
CREATE TRIGGER probe_results_uptime_dirty AFTER INSERT ON probe_results
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION uptime_mark_dirty();
CREATE TRIGGER contract_history_uptime_dirty AFTER INSERT ON contract_history
  REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION uptime_mark_dirty();

-- Seconds covered by a multirange of instants.
CREATE FUNCTION tstzmultirange_seconds(m tstzmultirange) RETURNS double precision
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0)::double precision
  FROM unnest(m) AS r
$$;

-- Uptime over the last 24 h / 7 d / 30 d per offering and provider, as of `computed_at`
-- (window_hours 24, 168 or 720).
CREATE TABLE uptime_windows (
  subject_kind text NOT NULL CHECK (subject_kind IN ('offering','provider')),
  subject_id uuid NOT NULL,
  window_hours integer NOT NULL CHECK (window_hours IN (24, 168, 720)),
  expected_seconds double precision NOT NULL,
  healthy_seconds double precision NOT NULL,
  agent_checks integer NOT NULL,
  probes integer NOT NULL,
  disagreements integer NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (subject_kind, subject_id, window_hours)
);

-- One row: the trust job's lease (the row is locked while a run goes on, so one instance runs
-- it at a time) and how far the uptime rollups reach.
CREATE TABLE trust_job_state (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  next_run_at timestamptz NOT NULL DEFAULT '-infinity',
  -- Rollups are complete up to this instant; null until the first run (a full recompute).
  horizon timestamptz,
  computed_at timestamptz
);
INSERT INTO trust_job_state (id) VALUES (true);

-- The provider record (trust.md §2): every metric with its inputs, the score (null with a
-- reason on thin data), the flags, and the formula version that produced them.
CREATE TABLE provider_records (
  provider_id uuid PRIMARY KEY REFERENCES providers(account_id),
  formula_version text NOT NULL,
  trust_score numeric CHECK (trust_score BETWEEN 0 AND 100),
  null_reason text,
  CHECK ((trust_score IS NULL) = (null_reason IS NOT NULL)),
  uptime_30d numeric,
  delivered_contracts integer NOT NULL,
  metrics jsonb NOT NULL,
  flags jsonb NOT NULL,
  computed_at timestamptz NOT NULL
);
-- The leaderboard's order.
CREATE INDEX provider_records_leaderboard ON provider_records
  (trust_score DESC, (coalesce(uptime_30d, -1)) DESC, delivered_contracts DESC, provider_id DESC)
  WHERE trust_score IS NOT NULL;

-- "Uptime below threshold" alerts: one per crossing below, re-armed when the contract's 24 h
-- uptime is back at or above the threshold.
CREATE TABLE uptime_alerts (
  contract_id uuid PRIMARY KEY REFERENCES contracts(id),
  below boolean NOT NULL,
  crossings integer NOT NULL,
  changed_at timestamptz NOT NULL
);

-- The job finds contracts delivered during the last interval without scanning ended ones.
CREATE INDEX contracts_uptime_live ON contracts (ended_at) WHERE term_start IS NOT NULL;
