-- Payments: card-paid extensions, admin release of held payments, and work queues that keep
-- the invoice and earnings workers' cost proportional to what changed (billing.md §1-5).

-- 1. Card-paid extensions. A card contract is extended through a Checkout Session of its own:
-- a payment with purpose 'extension' for the extension's gross (net + VAT at the contract's
-- rent-time treatment), applied as a segment only when the webhook confirms the money. A
-- contract now has one rental payment and any number of extension payments.
ALTER TABLE payments DROP CONSTRAINT payments_purpose_check;
ALTER TABLE payments ADD CONSTRAINT payments_purpose_check
  CHECK (purpose IN ('wallet_topup', 'contract', 'extension'));
ALTER TABLE payments DROP CONSTRAINT payments_check;
ALTER TABLE payments ADD CONSTRAINT payments_contract_purpose
  CHECK ((purpose = 'wallet_topup') = (contract_id IS NULL));
ALTER TABLE payments
  -- The hours an extension payment buys; its segment is stored under the payment's
  -- idempotency key ('extension:<contract>:<client key>'), so it exists at most once.
  ADD COLUMN extension_hours integer CHECK (extension_hours > 0),
  ADD CONSTRAINT payments_extension_hours CHECK ((purpose = 'extension') = (extension_hours IS NOT NULL));
DROP INDEX payments_contract;
CREATE UNIQUE INDEX payments_contract ON payments (contract_id) WHERE purpose = 'contract';
CREATE INDEX payments_of_contract ON payments (contract_id, created_at) WHERE contract_id IS NOT NULL;

-- A refund larger than what one card payment can still refund is split across the contract's
-- card payments (newest money first), one refunds row per payment; the approval threshold
-- looks at the whole refund, not at each part.
ALTER TABLE refunds ADD COLUMN whole_amount bigint CHECK (whole_amount >= amount);

-- 2. Releasing a held payment (received, but not the amount owed): an admin applies it (when
-- it covers what is owed; any excess goes back to the card) or refunds it in full. Recorded
-- once, with who, when and why.
ALTER TABLE payments
  ADD COLUMN release_action text CHECK (release_action IN ('apply', 'refund')),
  ADD COLUMN released_by text,
  ADD COLUMN released_at timestamptz,
  ADD COLUMN release_note text,
  ADD CONSTRAINT payments_release CHECK (
    (release_action IS NULL) = (released_by IS NULL)
    AND (release_action IS NULL) = (released_at IS NULL)
    AND (release_action IS NULL) = (release_note IS NULL));
CREATE INDEX payment_alerts_kind ON payment_alerts (kind, created_at DESC, id DESC);
CREATE INDEX payment_alerts_payment ON payment_alerts (payment_id) WHERE payment_id IS NOT NULL;

-- 3. Work queues of the invoice and earnings workers. Scanning every contract (or every
-- segment and refund ever) for "something due" costs more each round as history grows, while
-- what is due is only what changed. Triggers put a contract here in the same transaction as
-- the change that makes work due, so no writer can forget to, and a worker reads only these
-- rows (an index scan of the primary key), removing a row in the transaction that does its
-- work:
--   invoice  a segment was added, the contract's payment status changed (a pending payment
--            became paid), or a refund succeeded: documents may be due.
--   accrual  a delivered contract changed (delivery, a status, a refund, a dispute): its
--            earnings may have moved. Running contracts are also accrued every hour through
--            the `earnings_accruals_due` index on `next_at`.
-- The marker is an upsert that locks the row (DO UPDATE), so a worker removing it waits for a
-- writer that is still marking, and then sees that writer's change.
CREATE TABLE billing_work (
  kind text NOT NULL CHECK (kind IN ('invoice', 'accrual')),
  contract_id uuid NOT NULL REFERENCES contracts(id),
  marked_at timestamptz NOT NULL,
  PRIMARY KEY (kind, contract_id)
);
CREATE INDEX billing_work_order ON billing_work (kind, marked_at, contract_id);

CREATE FUNCTION mark_billing_work(work text, contract uuid) RETURNS void LANGUAGE sql AS $$
  INSERT INTO billing_work (kind, contract_id, marked_at) VALUES (work, contract, clock_timestamp())
  ON CONFLICT (kind, contract_id) DO UPDATE SET marked_at = excluded.marked_at;
$$;

-- Contract rows: TG_ARGV[0] is the kind of work.
CREATE FUNCTION mark_contract_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM mark_billing_work(TG_ARGV[0], NEW.id);
  RETURN NULL;
END;
$$;

-- Rows that belong to a contract (segments, refunds): invoice work, only for a contract sold
-- with a VAT treatment (one rented without a seller never gets documents).
CREATE FUNCTION mark_child_invoice_work() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM contracts WHERE id = NEW.contract_id AND vat_kind <> 'none') THEN
    PERFORM mark_billing_work('invoice', NEW.contract_id);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER contracts_invoice_work AFTER UPDATE ON contracts FOR EACH ROW
  WHEN (NEW.vat_kind <> 'none' AND OLD.payment_status IS DISTINCT FROM NEW.payment_status)
  EXECUTE FUNCTION mark_contract_work('invoice');
CREATE TRIGGER segments_invoice_work AFTER INSERT ON contract_segments FOR EACH ROW
  EXECUTE FUNCTION mark_child_invoice_work();
CREATE TRIGGER refunds_invoice_work_insert AFTER INSERT ON refunds FOR EACH ROW
  WHEN (NEW.status = 'succeeded' AND NEW.source <> 'unapplied_payment')
  EXECUTE FUNCTION mark_child_invoice_work();
CREATE TRIGGER refunds_invoice_work_update AFTER UPDATE OF status ON refunds FOR EACH ROW
  WHEN (NEW.status = 'succeeded' AND OLD.status <> 'succeeded'
    AND NEW.source <> 'unapplied_payment')
  EXECUTE FUNCTION mark_child_invoice_work();

CREATE TRIGGER contracts_accrual_work AFTER INSERT OR UPDATE ON contracts FOR EACH ROW
  WHEN (NEW.term_start IS NOT NULL)
  EXECUTE FUNCTION mark_contract_work('accrual');

-- What was due before the queues existed (the scans they replace), once.
INSERT INTO billing_work (kind, contract_id, marked_at)
  SELECT DISTINCT 'invoice', s.contract_id, now() FROM contract_segments s
    JOIN contracts c ON c.id = s.contract_id
  WHERE c.payment_status NOT IN ('pending', 'failed') AND c.vat_kind <> 'none'
    AND NOT EXISTS (SELECT 1 FROM invoices i
      WHERE i.source = 'segment:' || s.contract_id || ':' || s.seq)
  UNION
  SELECT 'invoice', r.contract_id, now() FROM refunds r
  WHERE r.status = 'succeeded' AND r.source <> 'unapplied_payment'
    AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.source = 'refund:' || r.id)
    AND EXISTS (SELECT 1 FROM invoices i WHERE i.contract_id = r.contract_id)
  ON CONFLICT DO NOTHING;
INSERT INTO billing_work (kind, contract_id, marked_at)
  SELECT 'accrual', c.id, now() FROM contracts c
    LEFT JOIN earnings_accruals a ON a.contract_id = c.id
  WHERE c.term_start IS NOT NULL AND (a.contract_id IS NULL
    OR a.contract_updated_at IS DISTINCT FROM c.updated_at
    OR a.contract_refunded IS DISTINCT FROM c.refunded
    OR a.contract_payment_status IS DISTINCT FROM c.payment_status)
  ON CONFLICT DO NOTHING;
