-- Archival of ended contracts (spec: contracts.md §7).
--
-- Choice: an archived contract keeps its row and only gets `contracts.archived_at` (added in
-- 0002); it does not move to contracts_archive tables. Moving rows would have to move or
-- re-point everything that references them (contract_history, contract_segments, refunds,
-- wallet_ledger.contract_id, jobs, health checks), and the ledgers must stay untouched and
-- readable for 10 years: an append-only ledger row cannot be re-pointed, and a foreign key to
-- a moved row would break. With a flag, `GET /v1/contracts/{id}` keeps working for the renter
-- and the provider, history and money stay exactly as written, and nothing is ever deleted.
--
-- Hot queries stay small without excluding archived rows by hand: the sweep indexes of 0002
-- are partial on live statuses, and an archived contract is always terminal. The index below
-- lets the archival run find what is still to archive without scanning every ended contract.
CREATE INDEX contracts_archivable ON contracts (ended_at)
  WHERE archived_at IS NULL
    AND status IN ('rejected','cancelled','expired','provisioning_failed');
