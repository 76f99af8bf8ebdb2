import { z } from 'zod';
import { Id } from '../schemas/common';
import {
  BuyNotificationTierBody,
  MarkAllReadResult,
  Notification,
  NotificationListQuery,
  NotificationPage,
  NotificationPreferences,
  NotificationPreferencesInput,
  NotificationQuotas,
  NotificationTierPurchase,
  TelegramLink,
  WebhookEndpointInput,
  WebhookEndpointWithSecret,
} from '../schemas/notification';
import { defineOperation } from './define';

const tag = 'notifications';

export const listNotifications = defineOperation('listNotifications', {
  method: 'GET',
  path: '/v1/notifications',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The caller's notification inbox, newest first, with the unread count",
  query: NotificationListQuery,
  response: NotificationPage,
});

export const markNotificationRead = defineOperation('markNotificationRead', {
  method: 'POST',
  path: '/v1/notifications/{id}/read',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'Mark one notification read (again: no change)',
  params: z.object({ id: Id }),
  response: Notification,
});

export const markAllNotificationsRead = defineOperation('markAllNotificationsRead', {
  method: 'POST',
  path: '/v1/notifications/read-all',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'Mark every unread notification read',
  response: MarkAllReadResult,
});

export const getNotificationPreferences = defineOperation('getNotificationPreferences', {
  method: 'GET',
  path: '/v1/notifications/preferences',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'Which channels each event goes to, and which channels are configured',
  description:
    'Defaults: in-app on for every event; email on for events that need action or move money ' +
    '(off for message_received and password_reset_done); Telegram and webhook on for every ' +
    'event once configured.',
  response: NotificationPreferences,
});

export const putNotificationPreferences = defineOperation('putNotificationPreferences', {
  method: 'PUT',
  path: '/v1/notifications/preferences',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Turn channels on or off per event',
  body: NotificationPreferencesInput,
  response: NotificationPreferences,
});

export const createTelegramLink = defineOperation('createTelegramLink', {
  method: 'POST',
  path: '/v1/notifications/telegram/link',
  auth: 'account',
  // No token scope: a link redirects the account's notifications to whichever chat opens it,
  // so only a signed request (the account's key) may make one.
  tag,
  summary: 'Create a single-use t.me link that links the Telegram chat opening it',
  description:
    'Returns https://t.me/<bot>?start=<token>; pressing Start in Telegram sends the token from ' +
    "the user's private chat with the bot, which links that chat to the account and answers " +
    'there. The link expires after 15 minutes and works once; a new link replaces an unused ' +
    'one. Signed requests only (API tokens cannot link chats). 409 telegram_unavailable when ' +
    'the platform has no Telegram bot configured.',
  response: TelegramLink,
  status: 201,
});

export const deleteTelegramChat = defineOperation('deleteTelegramChat', {
  method: 'DELETE',
  path: '/v1/notifications/telegram',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Unlink the Telegram chat: no more Telegram notifications (pending ones are not sent)',
  response: z.void(),
  status: 204,
});

export const createNotificationWebhook = defineOperation('createNotificationWebhook', {
  method: 'POST',
  path: '/v1/notifications/webhook',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Create the webhook endpoint; its signing secret is shown this once',
  description:
    'One endpoint per account (409 webhook_exists: delete it or rotate its secret). https only. ' +
    'Each notification is POSTed as JSON with DC-Notification-Id (stable across retries: ' +
    'dedupe on it) and DC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" ' +
    'keyed with the secret>.',
  body: WebhookEndpointInput,
  response: WebhookEndpointWithSecret,
  status: 201,
});

export const rotateNotificationWebhookSecret = defineOperation('rotateNotificationWebhookSecret', {
  method: 'POST',
  path: '/v1/notifications/webhook/rotate',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Replace the webhook signing secret; the new one is shown this once',
  description: 'Sends from now on are signed with the new secret only. 404 without an endpoint.',
  response: WebhookEndpointWithSecret,
});

export const deleteNotificationWebhook = defineOperation('deleteNotificationWebhook', {
  method: 'DELETE',
  path: '/v1/notifications/webhook',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Delete the webhook endpoint (pending webhook sends are not made)',
  response: z.void(),
  status: 204,
});

export const getNotificationQuotas = defineOperation('getNotificationQuotas', {
  method: 'GET',
  path: '/v1/notifications/quotas',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "Today's (UTC) quota and use per channel, active paid tiers and the tier catalogue",
  description:
    'Free per day: email unlimited, Telegram 50, webhook 200, SMS 0. A send over the quota is ' +
    'dropped and the inbox gets one quota_exceeded notice per channel and day.',
  response: NotificationQuotas,
});

export const buyNotificationTier = defineOperation('buyNotificationTier', {
  method: 'POST',
  path: '/v1/notifications/tiers',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Buy a tier of extra daily quota, paid from the wallet',
  description:
    'Debits the wallet in `currency` (402 insufficient_funds). The same idempotency_key ' +
    'returns the first purchase and debits once; reused for another tier or currency: 409.',
  body: BuyNotificationTierBody,
  response: NotificationTierPurchase,
  status: 201,
  // Not retried blindly, like every POST: the caller retries with the same idempotency_key,
  // which returns the first purchase.
  idempotent: false,
});
