import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema';
import type { MailMessage } from '../mail/mailer';

/** The mail outbox payload of a notification email, as {@link queueNotificationEmail} writes it. */
export const NotificationMailPayload = z.object({
  notification_id: z.string(),
  event: z.string(),
  title: z.string(),
  body: z.string(),
  contract_id: z.string().nullable(),
  created_at: z.string(),
});

/** The mail outbox key of a notification's email: one email per notification. */
export function notificationMailKey(notificationId: string): string {
  return `notification:${notificationId}`;
}

/**
 * Hands a notification's email to the mail outbox of the billing issue in `trx` (the same
 * transaction that marks the delivery done), so the hand-off has no crash window: either both
 * rows commit or neither. The mail worker then sends it once with a stable Message-ID (its own
 * window is described in receipts/worker.ts). Queuing it again does nothing.
 */
export async function queueNotificationEmail(
  trx: Kysely<Database>,
  params: {
    readonly accountId: string;
    readonly payload: z.input<typeof NotificationMailPayload>;
    readonly now: Date;
  },
): Promise<string> {
  const key = notificationMailKey(params.payload.notification_id);
  await trx
    .insertInto('mail_outbox')
    .values({
      key,
      account_id: params.accountId,
      template: 'notification',
      payload: JSON.stringify(NotificationMailPayload.parse(params.payload)),
      available_at: params.now,
      created_at: params.now,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return key;
}

/**
 * A notification email from its mail outbox row. Deterministic (the same row gives the same
 * message), so a resend after a crash carries the same Message-ID.
 */
export function renderNotificationEmail(
  row: { readonly key: string; readonly payload: unknown },
  to: string,
): MailMessage {
  const mail = NotificationMailPayload.parse(row.payload);
  const lines = [mail.body, ''];
  if (mail.contract_id !== null) lines.push(`Contract: ${mail.contract_id}`, '');
  lines.push(
    'You get this email because it is on in your notification preferences',
    '(GET /v1/notifications/preferences).',
    '',
    'Decent Cloud',
  );
  return {
    to,
    subject: mail.title.slice(0, 200),
    text: lines.join('\r\n'),
    messageId: `${row.key.replace(/[^A-Za-z0-9._-]/g, '.')}@notifications.decent-cloud`,
    date: new Date(mail.created_at),
  };
}
