-- The offering's one-off setup fee, charged with the rental (marketplace.md §price).
--
-- It is part of `paid` but of no segment: a segment is paid time, and refunds of unused time
-- are computed from segments only. So a contract cancelled or failed before delivery refunds
-- everything paid (the fee included), and one cancelled after delivery keeps the fee with the
-- provider, who has done the setup. Kept on the contract so both stay explainable later.
ALTER TABLE contracts ADD COLUMN setup_fee bigint NOT NULL DEFAULT 0 CHECK (setup_fee >= 0);
