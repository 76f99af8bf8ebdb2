import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { MeteredChannel } from './quota';

const NAMES: Record<MeteredChannel, string> = {
  email: 'Email',
  telegram: 'Telegram',
  webhook: 'Webhook',
  sms: 'SMS',
};

/**
 * Tells the account in its inbox that `channel` reached its quota for `day` and sends were
 * dropped: one notice per channel and UTC day (its dedupe key), however many sends are dropped,
 * and in-app only, so a full channel never produces more traffic about itself.
 */
export async function recordQuotaNotice(
  db: Kysely<Database>,
  params: {
    readonly accountId: string;
    readonly channel: MeteredChannel;
    readonly day: string;
    readonly limit: number;
    readonly now: Date;
  },
): Promise<void> {
  const name = NAMES[params.channel];
  await db
    .insertInto('notifications')
    .values({
      account_id: params.accountId,
      event: 'quota_exceeded',
      contract_id: null,
      title: `${name} notifications paused for today: daily quota reached`,
      body:
        `Your ${name} quota of ${params.limit} notifications for ${params.day} (UTC) is used up. ` +
        `Further ${name} notifications today are not sent; they stay in this inbox. ` +
        'The quota resets at 00:00 UTC; a paid tier adds more (GET /v1/notifications/quotas).',
      data: JSON.stringify({ channel: params.channel, day: params.day, limit: params.limit }),
      dedupe_key: `quota_exceeded:${params.channel}:${params.day}`,
      in_app: true,
      created_at: params.now,
    })
    .onConflict((oc) => oc.columns(['account_id', 'dedupe_key']).doNothing())
    .execute();
}
