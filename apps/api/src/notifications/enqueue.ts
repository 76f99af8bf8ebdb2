import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import {
  defaultEnabled,
  type ExternalChannel,
  type NotificationChannel,
  type NotificationEvent,
} from './events';
import { notifyDeliveriesDue } from './wakeup';

export type { NotificationEvent } from './events';

/** One event occurrence to tell an account about. */
export interface NotificationInput {
  readonly accountId: string;
  readonly event: NotificationEvent;
  readonly contractId?: string | null;
  /** Short and human, no secrets: the email subject and the inbox title (1-200 characters). */
  readonly title: string;
  /** Plain text, no secrets (at most 4000 characters). */
  readonly body: string;
  /** Machine-readable details for webhook receivers and clients (JSON). */
  readonly data?: Record<string, unknown>;
  /**
   * Unique per (account, event occurrence) and derived from the occurrence, never from a time
   * of enqueueing (e.g. `contract_accepted:<contract id>`): enqueueing twice records once.
   */
  readonly dedupeKey: string;
  /** When it happened: the caller's injected clock. Defaults to the process clock. */
  readonly at?: Date;
}

/**
 * Records a notification inside the caller's transaction `trx`, so it exists exactly when its
 * cause does: the in-app entry (hidden from the inbox if the account turned in-app off for the
 * event) and one delivery outbox row per external channel that is enabled for the event and
 * configured (email: a verified address, checked again at send time; Telegram: a chat is set;
 * webhook: an endpoint exists). Idempotent on (accountId, dedupeKey): a second call
 * changes nothing. Quotas are applied when the worker sends, not here.
 */
export async function enqueueNotification(
  trx: Kysely<Database> | Transaction<Database>,
  input: NotificationInput,
): Promise<void> {
  if (input.title.length < 1 || input.title.length > 200) {
    throw new Error(
      `enqueueNotification: title must be 1-200 characters, got ${input.title.length}`,
    );
  }
  if (input.body.length > 4000) {
    throw new Error(
      `enqueueNotification: body must be at most 4000 characters, got ${input.body.length}`,
    );
  }
  if (input.dedupeKey.length < 1 || input.dedupeKey.length > 300) {
    throw new Error('enqueueNotification: dedupeKey must be 1-300 characters');
  }
  const at = input.at ?? new Date();
  const enabled = await enabledChannels(trx, input.accountId, input.event);
  const inserted = await trx
    .insertInto('notifications')
    .values({
      account_id: input.accountId,
      event: input.event,
      contract_id: input.contractId ?? null,
      title: input.title,
      body: input.body,
      data: JSON.stringify(input.data ?? {}),
      dedupe_key: input.dedupeKey,
      in_app: enabled.has('in_app'),
      created_at: at,
    })
    .onConflict((oc) => oc.columns(['account_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted === undefined) return;
  const external = [...enabled].filter(
    (channel): channel is ExternalChannel => channel !== 'in_app',
  );
  if (external.length === 0) return;
  await trx
    .insertInto('notification_deliveries')
    .values(
      external.map((channel) => ({
        notification_id: inserted.id,
        account_id: input.accountId,
        channel,
        available_at: at,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await notifyDeliveriesDue(trx);
}

/** The channels `event` goes to for the account: preference on and channel configured. */
async function enabledChannels(
  trx: Kysely<Database> | Transaction<Database>,
  accountId: string,
  event: NotificationEvent,
): Promise<Set<NotificationChannel>> {
  const row = await trx
    .selectFrom('accounts')
    .leftJoin('notification_telegram as t', 't.account_id', 'accounts.id')
    .leftJoin('notification_webhooks as w', 'w.account_id', 'accounts.id')
    .select(['accounts.email_verified_at', 't.chat_id', 'w.url'])
    .where('accounts.id', '=', accountId)
    .executeTakeFirst();
  if (row === undefined) throw new Error(`enqueueNotification: no account ${accountId}`);
  const overrides = await trx
    .selectFrom('notification_preferences')
    .select(['channel', 'enabled'])
    .where('account_id', '=', accountId)
    .where('event', '=', event)
    .execute();
  const chosen = new Map<NotificationChannel, boolean>(
    overrides.map((o) => [o.channel, o.enabled]),
  );
  const configured: Record<NotificationChannel, boolean> = {
    in_app: true,
    email: row.email_verified_at !== null,
    telegram: row.chat_id !== null,
    webhook: row.url !== null,
  };
  const result = new Set<NotificationChannel>();
  for (const channel of ['in_app', 'email', 'telegram', 'webhook'] as const) {
    if (configured[channel] && (chosen.get(channel) ?? defaultEnabled(event, channel))) {
      result.add(channel);
    }
  }
  return result;
}
