/** Every event an account can be notified of (trust.md §5). */
export const NOTIFICATION_EVENTS = [
  'contract_requested',
  'contract_accepted',
  'contract_rejected',
  'contract_provisioned',
  'contract_failed',
  'password_reset_done',
  'message_received',
  'sla_breach',
  'uptime_below_threshold',
  'term_ending',
  'refund_issued',
  'refund_rejected',
  'payout_sent',
] as const;

/** One event of {@link NOTIFICATION_EVENTS}. */
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

/** Where a notification can be shown or sent. SMS has a quota of 0 and is not offered. */
export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'telegram', 'webhook'] as const;

/** One channel of {@link NOTIFICATION_CHANNELS}. */
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** The channels that leave the platform and go through the delivery outbox. */
export type ExternalChannel = Exclude<NotificationChannel, 'in_app'>;

/**
 * Events whose email is on by default: the ones that need the account to act or concern money.
 * Chatty events (a message, a finished password reset) stay in-app unless turned on.
 */
const EMAIL_BY_DEFAULT: ReadonlySet<NotificationEvent> = new Set([
  'contract_requested',
  'contract_accepted',
  'contract_rejected',
  'contract_provisioned',
  'contract_failed',
  'sla_breach',
  'uptime_below_threshold',
  'term_ending',
  'refund_issued',
  'refund_rejected',
  'payout_sent',
]);

/**
 * Whether `channel` is on for `event` when the account changed nothing: in-app always, email for
 * important events, Telegram and webhook for every event once configured (an unconfigured
 * channel sends nothing whatever its preference).
 */
export function defaultEnabled(event: NotificationEvent, channel: NotificationChannel): boolean {
  if (channel === 'email') return EMAIL_BY_DEFAULT.has(event);
  return true;
}
