import { z } from 'zod';
import { Id, PageQuery, pageOf, Timestamp } from './common';
import { CurrencyCode, IdempotencyKey } from './wallet';

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
export const NotificationEvent = z.enum(NOTIFICATION_EVENTS);

/**
 * What an inbox entry is about: an event, or `quota_exceeded`, the platform's notice that a
 * channel's daily quota dropped sends (one per channel and day).
 */
export const NotificationKind = z.enum([...NOTIFICATION_EVENTS, 'quota_exceeded']);

/** Where notifications go. SMS is not offered (its quota is 0). */
export const NotificationChannel = z.enum(['in_app', 'email', 'telegram', 'webhook']);

/** One entry of the in-app inbox. */
export const Notification = z.object({
  id: Id,
  event: NotificationKind,
  contract_id: Id.nullable(),
  title: z.string(),
  body: z.string(),
  /** Machine-readable details (ids, amounts); the same object webhooks receive. */
  data: z.record(z.string(), z.unknown()),
  created_at: Timestamp,
  /** When the account marked it read; null while unread. */
  read_at: Timestamp.nullable(),
});

/** `GET /v1/notifications`: newest first; `unread_only=true` lists only unread entries. */
export const NotificationListQuery = PageQuery.extend({
  unread_only: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .optional()
    .transform((value) => value === 'true'),
});

/** A page of the inbox, and how many entries are unread in all. */
export const NotificationPage = pageOf(Notification).extend({
  unread_count: z.number().int().nonnegative(),
});

/** `POST /v1/notifications/read-all`: how many entries it marked read. */
export const MarkAllReadResult = z.object({ marked: z.number().int().nonnegative() });

/** Whether each channel is on for one event. */
export const EventPreferences = z.object({
  event: NotificationEvent,
  in_app: z.boolean(),
  email: z.boolean(),
  telegram: z.boolean(),
  webhook: z.boolean(),
});

/**
 * The caller's preferences for every event, and which channels can deliver: a channel that is
 * on but not configured (no verified email, no Telegram chat, no webhook) sends nothing.
 */
export const NotificationPreferences = z.object({
  events: z.array(EventPreferences),
  channels: z.object({
    email: z.object({ address: z.string().nullable(), verified: z.boolean() }),
    telegram: z.object({
      /** Whether the platform has a Telegram bot configured. */
      available: z.boolean(),
      chat_id: z.string().nullable(),
    }),
    webhook: z
      .object({ id: Id, url: z.string(), created_at: Timestamp, rotated_at: Timestamp })
      .nullable(),
  }),
});

/** `PUT /v1/notifications/preferences`: the changes; events and channels not named keep theirs. */
export const NotificationPreferencesInput = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        event: NotificationEvent,
        channel: NotificationChannel,
        enabled: z.boolean(),
      }),
    )
    .min(1)
    .max(100),
});

/**
 * `POST /v1/notifications/telegram/link`: a single-use link to the platform's bot. Opening it
 * in Telegram and pressing Start sends `/start <token>` from the user's own chat, which links
 * that chat to the account; it expires after 15 minutes and works once.
 */
export const TelegramLink = z.object({
  /** `https://t.me/<bot_username>?start=<token>`. */
  url: z.string(),
  bot_username: z.string(),
  expires_at: Timestamp,
});

/** `POST /v1/notifications/webhook`: where signed notifications are POSTed (https). */
export const WebhookEndpointInput = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
});

/**
 * A webhook endpoint with its signing secret: returned only when it is created or rotated,
 * never again (store it then).
 */
export const WebhookEndpointWithSecret = z.object({
  id: Id,
  url: z.string(),
  /** `whsec_` + 64 hex digits: the HMAC-SHA256 key of the DC-Signature header. */
  secret: z.string(),
  created_at: Timestamp,
  rotated_at: Timestamp,
});

/** A paid tier of extra daily quota. */
export const NotificationTier = z.object({
  tier: z.string(),
  /** Extra sends per UTC day, per channel, while the tier runs. */
  adds: z.object({ telegram: z.number().int(), webhook: z.number().int() }),
  days: z.number().int().positive(),
  /** Minor units by currency. */
  prices: z.record(z.string(), z.number().int().positive()),
});

/** One channel's quota for the current UTC day. */
export const ChannelQuota = z.object({
  channel: z.enum(['email', 'telegram', 'webhook', 'sms']),
  /** null: unlimited. */
  limit: z.number().int().nonnegative().nullable(),
  free: z.number().int().nonnegative().nullable(),
  paid: z.number().int().nonnegative(),
  used: z.number().int().nonnegative(),
  dropped: z.number().int().nonnegative(),
});

/** A tier bought from the wallet. */
export const NotificationTierPurchase = z.object({
  id: Id,
  tier: z.string(),
  currency: CurrencyCode,
  price: z.number().int().positive(),
  wallet_entry_id: z.string(),
  starts_at: Timestamp,
  ends_at: Timestamp,
  created_at: Timestamp,
});

/** `GET /v1/notifications/quotas`: today's (UTC) quotas and use, active tiers, what can be bought. */
export const NotificationQuotas = z.object({
  day: z.string(),
  channels: z.array(ChannelQuota),
  active_tiers: z.array(NotificationTierPurchase),
  catalogue: z.array(NotificationTier),
});

/** `POST /v1/notifications/tiers`: buy a tier from the wallet; the key makes a retry safe. */
export const BuyNotificationTierBody = z.strictObject({
  tier: z.string().min(1).max(40),
  currency: CurrencyCode,
  idempotency_key: IdempotencyKey,
});
