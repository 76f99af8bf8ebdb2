import type { MessageAttachmentInput, MessageAuthorRole } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import { enqueueChatwootMirror } from '../chatwoot/enqueue';
import type { ContractRow } from '../contracts/row';
import type { Database } from '../db/schema';
import { notifyMessageReceived } from './notify';

/** A message to add to a contract's thread. */
export interface NewThreadMessage {
  readonly contract: ContractRow;
  /** The author's account; null for the platform's own `system` messages. */
  readonly authorId: string | null;
  /** The author's username, for the notification; ignored for `system`. */
  readonly authorName: string;
  readonly role: MessageAuthorRole;
  readonly text: string;
  readonly attachments: readonly MessageAttachmentInput[];
  readonly automated: boolean;
  readonly via: 'key' | 'token' | 'system';
  readonly idempotencyKey?: string | undefined;
  readonly at: Date;
}

/** A message as stored, with what its side effects need. */
export interface ThreadMessage {
  readonly id: string;
  readonly contract: ContractRow;
  readonly authorId: string | null;
  readonly role: MessageAuthorRole;
  readonly automated: boolean;
  readonly at: Date;
}

/**
 * Adds a message to a contract's thread inside `trx`, with everything that follows from it in
 * the same transaction: the response wait (a renter's human message opens one unless one is
 * open; a provider's human message closes the open one: automated messages do neither, so a
 * bot can never answer for the provider, never-again 30), the `message_received` notification
 * and the Chatwoot mirror's outbox row. The contract row is locked first, so the messages of
 * one thread and their waits are written one at a time and a wait can never be missed between
 * two concurrent posts.
 *
 * With an idempotency key already used by the same author in this thread, nothing is written
 * and the earlier message is returned (`created: false`).
 */
export async function postThreadMessage(
  trx: Kysely<Database>,
  message: NewThreadMessage,
): Promise<{ readonly message: ThreadMessage; readonly created: boolean }> {
  const { contract } = message;
  await trx
    .selectFrom('contracts')
    .select('id')
    .where('id', '=', contract.id)
    .forNoKeyUpdate()
    .execute();
  if (message.idempotencyKey !== undefined && message.authorId !== null) {
    const earlier = await trx
      .selectFrom('contract_messages')
      .select(['id', 'author_role', 'automated', 'created_at'])
      .where('contract_id', '=', contract.id)
      .where('author_id', '=', message.authorId)
      .where('idempotency_key', '=', message.idempotencyKey)
      .executeTakeFirst();
    if (earlier !== undefined) {
      return {
        created: false,
        message: {
          id: earlier.id,
          contract,
          authorId: message.authorId,
          role: earlier.author_role,
          automated: earlier.automated,
          at: earlier.created_at,
        },
      };
    }
  }
  const inserted = await trx
    .insertInto('contract_messages')
    .values({
      contract_id: contract.id,
      author_id: message.authorId,
      author_role: message.role,
      body: message.text,
      attachments: JSON.stringify(
        message.attachments.map((attachment) => ({
          name: attachment.name,
          url: attachment.url,
          size_bytes: attachment.size_bytes ?? null,
          sha256: attachment.sha256 ?? null,
        })),
      ),
      automated: message.automated,
      via: message.via,
      idempotency_key: message.idempotencyKey ?? null,
      created_at: message.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stored: ThreadMessage = {
    id: inserted.id,
    contract,
    authorId: message.authorId,
    role: message.role,
    automated: message.automated,
    at: message.at,
  };
  await updateWaits(trx, stored);
  if (message.role !== 'system') await notifyMessageReceived(trx, stored, message.authorName);
  await enqueueChatwootMirror(trx, stored);
  return { created: true, message: stored };
}

/** Opens or closes the thread's response wait for a human renter or provider message. */
async function updateWaits(trx: Kysely<Database>, message: ThreadMessage): Promise<void> {
  if (message.automated) return;
  const { contract } = message;
  if (message.role === 'renter') {
    const offering = await trx
      .selectFrom('offerings')
      .select('response_sla_hours')
      .where('id', '=', contract.offering_id)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('message_waits')
      .values({
        renter_message_id: message.id,
        contract_id: contract.id,
        provider_id: contract.provider_id,
        offering_id: contract.offering_id,
        asked_at: message.at,
        sla_seconds: offering.response_sla_hours * 3600,
      })
      // An open wait already runs from the renter's first unanswered message.
      .onConflict((conflict) =>
        conflict.column('contract_id').where('replied_at', 'is', null).doNothing(),
      )
      .execute();
  } else if (message.role === 'provider') {
    await trx
      .updateTable('message_waits')
      // Instances' clocks may differ by a little; a reply is never before its question.
      .set({
        replied_at: sql<Date>`greatest(asked_at, ${message.at})`,
        reply_message_id: message.id,
      })
      .where('contract_id', '=', contract.id)
      .where('replied_at', 'is', null)
      .execute();
  }
}
