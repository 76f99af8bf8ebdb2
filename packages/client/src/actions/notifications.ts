import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/notifications';
import { action } from './define-action';

/** The caller's inbox, newest first, with the unread count. `GET /v1/notifications` */
export const listNotifications = action(ops.listNotifications);
export type ListNotificationsParameters = OperationParameters<typeof ops.listNotifications>;
export type ListNotificationsReturnType = OperationResult<typeof ops.listNotifications>;

/** Mark one notification read. `POST /v1/notifications/{id}/read` */
export const markNotificationRead = action(ops.markNotificationRead);
export type MarkNotificationReadParameters = OperationParameters<typeof ops.markNotificationRead>;
export type MarkNotificationReadReturnType = OperationResult<typeof ops.markNotificationRead>;

/** Mark every unread notification read. `POST /v1/notifications/read-all` */
export const markAllNotificationsRead = action(ops.markAllNotificationsRead);
export type MarkAllNotificationsReadParameters = OperationParameters<
  typeof ops.markAllNotificationsRead
>;
export type MarkAllNotificationsReadReturnType = OperationResult<
  typeof ops.markAllNotificationsRead
>;

/** Channels per event and channel settings. `GET /v1/notifications/preferences` */
export const getNotificationPreferences = action(ops.getNotificationPreferences);
export type GetNotificationPreferencesParameters = OperationParameters<
  typeof ops.getNotificationPreferences
>;
export type GetNotificationPreferencesReturnType = OperationResult<
  typeof ops.getNotificationPreferences
>;

/** Turn channels on or off per event. `PUT /v1/notifications/preferences` */
export const putNotificationPreferences = action(ops.putNotificationPreferences);
export type PutNotificationPreferencesParameters = OperationParameters<
  typeof ops.putNotificationPreferences
>;
export type PutNotificationPreferencesReturnType = OperationResult<
  typeof ops.putNotificationPreferences
>;

/** A single-use t.me link that links the chat opening it. `POST /v1/notifications/telegram/link` */
export const createTelegramLink = action(ops.createTelegramLink);
export type CreateTelegramLinkParameters = OperationParameters<typeof ops.createTelegramLink>;
export type CreateTelegramLinkReturnType = OperationResult<typeof ops.createTelegramLink>;

/** Unlink the Telegram chat. `DELETE /v1/notifications/telegram` */
export const deleteTelegramChat = action(ops.deleteTelegramChat);
export type DeleteTelegramChatParameters = OperationParameters<typeof ops.deleteTelegramChat>;
export type DeleteTelegramChatReturnType = OperationResult<typeof ops.deleteTelegramChat>;

/** Create the webhook endpoint (secret shown once). `POST /v1/notifications/webhook` */
export const createNotificationWebhook = action(ops.createNotificationWebhook);
export type CreateNotificationWebhookParameters = OperationParameters<
  typeof ops.createNotificationWebhook
>;
export type CreateNotificationWebhookReturnType = OperationResult<
  typeof ops.createNotificationWebhook
>;

/** Replace the webhook secret (shown once). `POST /v1/notifications/webhook/rotate` */
export const rotateNotificationWebhookSecret = action(ops.rotateNotificationWebhookSecret);
export type RotateNotificationWebhookSecretParameters = OperationParameters<
  typeof ops.rotateNotificationWebhookSecret
>;
export type RotateNotificationWebhookSecretReturnType = OperationResult<
  typeof ops.rotateNotificationWebhookSecret
>;

/** Delete the webhook endpoint. `DELETE /v1/notifications/webhook` */
export const deleteNotificationWebhook = action(ops.deleteNotificationWebhook);
export type DeleteNotificationWebhookParameters = OperationParameters<
  typeof ops.deleteNotificationWebhook
>;
export type DeleteNotificationWebhookReturnType = OperationResult<
  typeof ops.deleteNotificationWebhook
>;

/** Today's quotas, active tiers and the catalogue. `GET /v1/notifications/quotas` */
export const getNotificationQuotas = action(ops.getNotificationQuotas);
export type GetNotificationQuotasParameters = OperationParameters<typeof ops.getNotificationQuotas>;
export type GetNotificationQuotasReturnType = OperationResult<typeof ops.getNotificationQuotas>;

/** Buy extra daily quota from the wallet. `POST /v1/notifications/tiers` */
export const buyNotificationTier = action(ops.buyNotificationTier);
export type BuyNotificationTierParameters = OperationParameters<typeof ops.buyNotificationTier>;
export type BuyNotificationTierReturnType = OperationResult<typeof ops.buyNotificationTier>;
