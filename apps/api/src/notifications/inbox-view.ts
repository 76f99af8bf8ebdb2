import type { Notification } from '@dc/client';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { NotificationsTable } from '../db/schema';

type NotificationOut = z.output<typeof Notification>;

/** An inbox entry as the API shows it. */
export function notificationView(row: Selectable<NotificationsTable>): NotificationOut {
  return {
    id: row.id,
    // The table's CHECK holds the same list as the schema.
    event: row.event as NotificationOut['event'],
    contract_id: row.contract_id,
    title: row.title,
    body: row.body,
    data: (row.data ?? {}) as Record<string, unknown>,
    created_at: row.created_at.toISOString(),
    read_at: row.read_at === null ? null : row.read_at.toISOString(),
  };
}
