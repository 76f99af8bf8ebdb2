import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ThreadMessage } from '../messages/post';
import { notifyChatwootDue } from './wakeup';

/**
 * Queues `message` for the provider's Chatwoot mirror inside the message's transaction, when
 * the provider has the mirror enabled; otherwise does nothing. Only a row is written here: the
 * HTTP calls happen in the worker, so Chatwoot being slow or down never delays nor fails a post.
 */
export async function enqueueChatwootMirror(
  trx: Kysely<Database>,
  message: ThreadMessage,
): Promise<void> {
  const providerId = message.contract.provider_id;
  const settings = await trx
    .selectFrom('chatwoot_settings')
    .select('enabled')
    .where('provider_id', '=', providerId)
    .executeTakeFirst();
  if (settings?.enabled !== true) return;
  await trx
    .insertInto('chatwoot_threads')
    .values({ contract_id: message.contract.id, provider_id: providerId })
    .onConflict((conflict) => conflict.column('contract_id').doNothing())
    .execute();
  await trx
    .insertInto('chatwoot_outbox')
    .values({
      message_id: message.id,
      contract_id: message.contract.id,
      provider_id: providerId,
      next_attempt_at: message.at,
      created_at: message.at,
    })
    .onConflict((conflict) => conflict.column('message_id').doNothing())
    .execute();
  await notifyChatwootDue(trx);
}
