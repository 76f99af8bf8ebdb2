import type { ContractMessage, MessageAttachment } from '@dc/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** A thread message joined with its author's username and the wait it started, if any. */
export function selectMessageViews(db: Kysely<Database>) {
  return db
    .selectFrom('contract_messages as m')
    .leftJoin('accounts as a', 'a.id', 'm.author_id')
    .leftJoin('message_waits as w', 'w.renter_message_id', 'm.id')
    .select([
      'm.id',
      'm.seq',
      'm.contract_id',
      'm.author_role',
      'a.username as author',
      'm.body',
      'm.attachments',
      'm.automated',
      'm.created_at',
      'w.asked_at as wait_asked_at',
      'w.sla_seconds as wait_sla_seconds',
      'w.replied_at as wait_replied_at',
      'w.reply_message_id as wait_reply_message_id',
      'w.breached_at as wait_breached_at',
    ]);
}

/** A row of {@link selectMessageViews}. */
export type MessageViewRow = Awaited<
  ReturnType<ReturnType<typeof selectMessageViews>['executeTakeFirstOrThrow']>
>;

/** Attachments as stored (jsonb: parsed on PostgreSQL, possibly text elsewhere). */
function attachmentsOf(value: unknown): MessageAttachment[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? (list as MessageAttachment[]) : [];
}

/** A message as the API returns it. */
export function messageView(row: MessageViewRow): ContractMessage {
  const wait =
    row.wait_asked_at === null || row.wait_sla_seconds === null
      ? null
      : {
          sla_hours: row.wait_sla_seconds / 3600,
          due_at: new Date(row.wait_asked_at.getTime() + row.wait_sla_seconds * 1000).toISOString(),
          replied_at: row.wait_replied_at?.toISOString() ?? null,
          reply_message_id: row.wait_reply_message_id,
          breached_at: row.wait_breached_at?.toISOString() ?? null,
        };
  return {
    id: row.id,
    contract_id: row.contract_id,
    author_role: row.author_role,
    author: row.author,
    text: row.body,
    attachments: attachmentsOf(row.attachments),
    automated: row.automated,
    created_at: row.created_at.toISOString(),
    wait,
  };
}

/** One message as the API returns it. */
export async function findMessageView(
  db: Kysely<Database>,
  messageId: string,
): Promise<ContractMessage> {
  return messageView(
    await selectMessageViews(db).where('m.id', '=', messageId).executeTakeFirstOrThrow(),
  );
}
