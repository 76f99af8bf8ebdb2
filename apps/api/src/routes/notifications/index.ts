// Handlers of the notification operations; one file per operation.
export { buyNotificationTier } from './buy-notification-tier';
export { createNotificationWebhook } from './create-notification-webhook';
export { createTelegramLink } from './create-telegram-link';
export { deleteNotificationWebhook } from './delete-notification-webhook';
export { deleteTelegramChat } from './delete-telegram-chat';
export { getNotificationPreferences } from './get-notification-preferences';
export { getNotificationQuotas } from './get-notification-quotas';
export { listNotifications } from './list-notifications';
export { markAllNotificationsRead } from './mark-all-notifications-read';
export { markNotificationRead } from './mark-notification-read';
export { putNotificationPreferences } from './put-notification-preferences';
export { rotateNotificationWebhookSecret } from './rotate-notification-webhook-secret';
