import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import {
  defaultEnabled,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  type NotificationChannel,
  type NotificationEvent,
} from './events';

/** One event's channels, as the preferences endpoint shows them. */
export type EventPreferencesView = { readonly event: NotificationEvent } & Record<
  NotificationChannel,
  boolean
>;

/** The preferences endpoint's body: every event, and each channel's configuration. */
export interface PreferencesView {
  readonly events: EventPreferencesView[];
  readonly channels: {
    readonly email: { readonly address: string | null; readonly verified: boolean };
    readonly telegram: { readonly available: boolean; readonly chat_id: string | null };
    readonly webhook: {
      readonly id: string;
      readonly url: string;
      readonly created_at: string;
      readonly rotated_at: string;
    } | null;
  };
}

/**
 * The account's preferences for every event (its changes over the defaults of `events.ts`) and
 * its channel settings; the webhook secret is never part of it.
 */
export async function preferencesView(
  db: Kysely<Database>,
  accountId: string,
  telegramAvailable: boolean,
): Promise<PreferencesView> {
  const [account, overrides, telegram, webhook] = await Promise.all([
    db
      .selectFrom('accounts')
      .select(['email', 'email_verified_at'])
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('notification_preferences')
      .select(['event', 'channel', 'enabled'])
      .where('account_id', '=', accountId)
      .execute(),
    db
      .selectFrom('notification_telegram')
      .select('chat_id')
      .where('account_id', '=', accountId)
      .executeTakeFirst(),
    db
      .selectFrom('notification_webhooks')
      .select(['id', 'url', 'created_at', 'rotated_at'])
      .where('account_id', '=', accountId)
      .executeTakeFirst(),
  ]);
  const chosen = new Map(overrides.map((o) => [`${o.event}/${o.channel}`, o.enabled]));
  const events = NOTIFICATION_EVENTS.map((event) => {
    const entry = { event } as { event: NotificationEvent } & Record<NotificationChannel, boolean>;
    for (const channel of NOTIFICATION_CHANNELS) {
      entry[channel] = chosen.get(`${event}/${channel}`) ?? defaultEnabled(event, channel);
    }
    return entry;
  });
  return {
    events,
    channels: {
      email: { address: account.email, verified: account.email_verified_at !== null },
      telegram: { available: telegramAvailable, chat_id: telegram?.chat_id ?? null },
      webhook:
        webhook === undefined
          ? null
          : {
              id: webhook.id,
              url: webhook.url,
              created_at: webhook.created_at.toISOString(),
              rotated_at: webhook.rotated_at.toISOString(),
            },
    },
  };
}

/** Stores preference changes; each replaces the account's previous choice for its pair. */
export async function applyPreferenceChanges(
  db: Kysely<Database>,
  accountId: string,
  changes: readonly {
    readonly event: NotificationEvent;
    readonly channel: NotificationChannel;
    readonly enabled: boolean;
  }[],
  now: Date,
): Promise<void> {
  // The last change of a pair wins, as if applied in order.
  const last = new Map(changes.map((change) => [`${change.event}/${change.channel}`, change]));
  await db
    .insertInto('notification_preferences')
    .values(
      [...last.values()].map((change) => ({
        account_id: accountId,
        event: change.event,
        channel: change.channel,
        enabled: change.enabled,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'event', 'channel']).doUpdateSet((eb) => ({
        enabled: eb.ref('excluded.enabled'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
