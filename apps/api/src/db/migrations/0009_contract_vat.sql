-- VAT charged at payment (contracts.md §5, billing.md §5). Prices are net; the renter pays
-- net + VAT, and the invoice of a payment shows exactly the money collected for it.
--
-- The treatment is decided once, when the contract is rented, from the seller configured then
-- and the renter's billing settings (with the newest VIES consultation of their VAT id), and
-- stored here: extensions, refunds and invoices use this snapshot and never recompute it, so a
-- renter who later moves or changes their VAT id changes nothing already sold.
--
-- `paid`, `refunded` and segment `amount`s stay NET (provider earnings are computed on them);
-- the VAT collected and returned is kept beside them.
ALTER TABLE contracts
  -- 'none': no seller was configured when rented (a sandbox), so no VAT was charged and no
  -- invoice is issued. Contracts rented before this migration were charged net only: 'none'.
  ADD COLUMN vat_kind text NOT NULL DEFAULT 'none'
    CHECK (vat_kind IN ('none','domestic','reverse_charge','oss','out_of_scope')),
  ADD COLUMN vat_rate_bps integer NOT NULL DEFAULT 0 CHECK (vat_rate_bps BETWEEN 0 AND 10000),
  -- The reverse-charge or out-of-scope note invoices carry.
  ADD COLUMN vat_note text,
  ADD COLUMN vat_seller_country char(2),
  -- The buyer as their billing settings said at rent time (name, address, country, VAT id and
  -- the VIES consultation that validated it): what decided the treatment, printed on invoices.
  ADD COLUMN vat_buyer jsonb,
  -- VAT on the one-off setup fee (its own invoice line), charged with the first segment.
  ADD COLUMN setup_fee_vat bigint NOT NULL DEFAULT 0 CHECK (setup_fee_vat >= 0),
  -- VAT collected (segments' VAT plus the setup fee's, once paid) and given back by refunds.
  ADD COLUMN vat_paid bigint NOT NULL DEFAULT 0,
  ADD COLUMN vat_refunded bigint NOT NULL DEFAULT 0,
  ADD CONSTRAINT contracts_vat_refunded CHECK (0 <= vat_refunded AND vat_refunded <= vat_paid),
  ADD CONSTRAINT contracts_vat_snapshot CHECK (
    (vat_kind = 'none') = (vat_buyer IS NULL) AND (vat_kind = 'none') = (vat_seller_country IS NULL)),
  -- Only domestic and OSS sales carry a rate; the others are 0 %.
  ADD CONSTRAINT contracts_vat_rate CHECK (vat_kind IN ('domestic','oss') OR vat_rate_bps = 0);

-- VAT on the segment's net `amount` at the contract's rate (the setup fee's is apart).
ALTER TABLE contract_segments ADD COLUMN vat bigint NOT NULL DEFAULT 0 CHECK (vat >= 0);

-- A refund's `amount` is the money given back (what the wallet is credited or the card is
-- refunded): its net part (counted in the contract's `refunded`) plus `vat`. A refund of money
-- that never became the contract's (`source = 'unapplied_payment'`) has no VAT part.
ALTER TABLE refunds
  ADD COLUMN vat bigint NOT NULL DEFAULT 0,
  ADD CONSTRAINT refunds_vat CHECK (vat >= 0 AND vat < amount);
