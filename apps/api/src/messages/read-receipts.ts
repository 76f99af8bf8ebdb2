import type { ThreadReadReceipts } from '@dc/client';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { validationFailed } from '../http/problem';
import type { ParticipantRole } from './participant';

/**
 * Moves `accountId`'s read receipt in the thread of `contractId` forward to message `upTo`.
 * A receipt never moves back: marking an older message read changes nothing, so clients may
 * send receipts out of order. `upTo` must be a message of this thread (422 otherwise).
 */
export async function markThreadRead(
  db: Kysely<Database>,
  input: {
    readonly contractId: string;
    readonly accountId: string;
    readonly role: ParticipantRole;
    readonly upTo: string;
    readonly at: Date;
  },
): Promise<void> {
  const message = await db
    .selectFrom('contract_messages')
    .select(['id', 'seq'])
    .where('id', '=', input.upTo)
    .where('contract_id', '=', input.contractId)
    .executeTakeFirst();
  if (message === undefined) {
    throw validationFailed([
      { path: 'body.up_to', message: 'must be the id of a message of this contract thread' },
    ]);
  }
  await db
    .insertInto('message_read_receipts')
    .values({
      contract_id: input.contractId,
      account_id: input.accountId,
      role: input.role,
      last_read_message_id: message.id,
      last_read_seq: message.seq,
      read_at: input.at,
    })
    .onConflict((conflict) =>
      conflict
        .columns(['contract_id', 'account_id'])
        .doUpdateSet({
          role: input.role,
          last_read_message_id: message.id,
          last_read_seq: message.seq,
          read_at: input.at,
        })
        .where('message_read_receipts.last_read_seq', '<', message.seq),
    )
    .execute();
}

/**
 * Every participant's receipt in the thread of `contractId`, and how many messages by others
 * `viewerId` has not read (every message by someone else after the viewer's receipt).
 */
export async function threadReadReceipts(
  db: Kysely<Database>,
  contractId: string,
  viewerId: string,
): Promise<ThreadReadReceipts> {
  const receipts = await db
    .selectFrom('message_read_receipts as r')
    .innerJoin('accounts as a', 'a.id', 'r.account_id')
    .select([
      'a.username',
      'r.account_id',
      'r.role',
      'r.last_read_message_id',
      'r.last_read_seq',
      'r.read_at',
    ])
    .where('r.contract_id', '=', contractId)
    .orderBy('r.read_at')
    .orderBy('a.username')
    .execute();
  const mine = receipts.find((receipt) => receipt.account_id === viewerId);
  let unread = db
    .selectFrom('contract_messages')
    .select(sql<string>`count(*)`.as('count'))
    .where('contract_id', '=', contractId)
    .where((eb) => eb.or([eb('author_id', 'is', null), eb('author_id', '<>', viewerId)]));
  if (mine !== undefined) unread = unread.where('seq', '>', mine.last_read_seq);
  const { count } = await unread.executeTakeFirstOrThrow();
  return {
    receipts: receipts.map((receipt) => ({
      username: receipt.username,
      role: receipt.role,
      last_read_message_id: receipt.last_read_message_id,
      read_at: receipt.read_at.toISOString(),
    })),
    unread_count: Number(count),
  };
}
