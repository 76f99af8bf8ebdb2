-- Notifications: `refund_rejected`, told to the renter when an admin rejects a refund that
-- waited for approval (src/payments/refunds/decide.ts), so the amount shown at cancel is never
-- silently withdrawn.
ALTER TABLE notifications DROP CONSTRAINT notifications_event_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_event_check
  CHECK (event IN ('contract_requested','contract_accepted','contract_rejected',
    'contract_provisioned','contract_failed','password_reset_done','message_received',
    'sla_breach','uptime_below_threshold','term_ending','refund_issued','refund_rejected',
    'payout_sent','quota_exceeded'));
