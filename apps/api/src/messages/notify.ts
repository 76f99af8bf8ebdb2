import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { enqueueNotification } from '../notifications/enqueue';
import type { ThreadMessage } from './post';

/**
 * Tells the other party (both parties for an admin's message) that a message arrived, in the
 * message's transaction. The dedupe key is the message id: one notification per message and
 * recipient, however often this runs. The text is not copied into the notification: it may
 * carry what only the thread should hold (an access detail), and notifications travel through
 * email, Telegram and webhooks.
 */
export async function notifyMessageReceived(
  trx: Kysely<Database>,
  message: ThreadMessage,
  authorName: string,
): Promise<void> {
  const { contract } = message;
  const recipients =
    message.role === 'renter'
      ? [contract.provider_id]
      : message.role === 'provider'
        ? [contract.renter_id]
        : message.role === 'admin'
          ? [contract.renter_id, contract.provider_id]
          : [];
  const kind = message.automated ? 'an automated message' : 'a message';
  for (const accountId of new Set(recipients)) {
    if (accountId === message.authorId) continue;
    await enqueueNotification(trx, {
      accountId,
      event: 'message_received',
      contractId: contract.id,
      title: `New message on contract ${contract.id.slice(0, 8)}`,
      body:
        `${authorName} (${message.role}) sent ${kind} in the thread of contract ${contract.id}. ` +
        'Read it in the contract messages.',
      data: {
        contract_id: contract.id,
        message_id: message.id,
        author_role: message.role,
        automated: message.automated,
      },
      dedupeKey: message.id,
      at: message.at,
    });
  }
}
