import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import { recordQuotaNotice } from './quota-notice';
import { TIERS } from './tiers';

/** Channels with a daily quota; SMS exists only as a quota of 0 (not offered). */
export type MeteredChannel = 'email' | 'telegram' | 'webhook' | 'sms';

/** Free sends per account and UTC day (trust.md §5); null is unlimited. */
export const FREE_QUOTA: Readonly<Record<MeteredChannel, number | null>> = {
  email: null,
  telegram: 50,
  webhook: 200,
  sms: 0,
};

/** The UTC day of `at`, `YYYY-MM-DD`: quotas reset at 00:00 UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Extra sends per day the account's tiers running at `at` add to `channel`. */
export async function paidQuota(
  db: Kysely<Database>,
  accountId: string,
  channel: MeteredChannel,
  at: Date,
): Promise<number> {
  if (channel !== 'telegram' && channel !== 'webhook') return 0;
  const running = await db
    .selectFrom('notification_tier_purchases')
    .select('tier')
    .where('account_id', '=', accountId)
    .where('starts_at', '<=', at)
    .where('ends_at', '>', at)
    .execute();
  return running.reduce(
    (sum, row) => sum + (TIERS.find((tier) => tier.tier === row.tier)?.adds[channel] ?? 0),
    0,
  );
}

/** `channel`'s limit for the account at `at`: free plus paid; null is unlimited. */
export async function dailyLimit(
  db: Kysely<Database>,
  accountId: string,
  channel: MeteredChannel,
  at: Date,
): Promise<number | null> {
  const free = FREE_QUOTA[channel];
  if (free === null) return null;
  return free + (await paidQuota(db, accountId, channel, at));
}

/** Sends counted (`sent`) and refused (`dropped`) on `day` for the account and channel. */
export async function usageOn(
  db: Kysely<Database>,
  accountId: string,
  channel: MeteredChannel,
  day: string,
): Promise<{ readonly sent: number; readonly dropped: number }> {
  const rows = await db
    .selectFrom('notification_meter')
    .select(['outcome', (eb) => eb.fn.countAll<string>().as('count')])
    .where('account_id', '=', accountId)
    .where('channel', '=', channel)
    .where('day', '=', day)
    .groupBy('outcome')
    .execute();
  const count = (outcome: string) => Number(rows.find((r) => r.outcome === outcome)?.count ?? 0);
  return { sent: count('sent'), dropped: count('dropped_over_quota') };
}

/**
 * Meters one delivery's send in `trx` (the transaction that also moves the delivery on), once
 * per delivery (the meter's unique delivery id; a retry of a metered delivery is not metered
 * again): `sent` when the day's quota has room, else `dropped_over_quota` with the day's in-app
 * notice. Concurrent sends of one account and channel serialise on a transaction-scoped
 * advisory lock, so two instances never both take the last unit.
 */
export async function meterSend(
  trx: Kysely<Database>,
  params: {
    readonly deliveryId: string;
    readonly accountId: string;
    readonly channel: MeteredChannel;
    readonly now: Date;
  },
): Promise<'sent' | 'dropped'> {
  const day = utcDay(params.now);
  const limit = await dailyLimit(trx, params.accountId, params.channel, params.now);
  let outcome: 'sent' | 'dropped_over_quota' = 'sent';
  if (limit !== null) {
    const lockKey = `notify-quota:${params.accountId}:${params.channel}`;
    await sql`SELECT pg_advisory_xact_lock(hashtext(${lockKey}))`.execute(trx);
    const used = await usageOn(trx, params.accountId, params.channel, day);
    if (used.sent >= limit) outcome = 'dropped_over_quota';
  }
  await trx
    .insertInto('notification_meter')
    .values({
      account_id: params.accountId,
      channel: params.channel,
      day,
      delivery_id: params.deliveryId,
      outcome,
      created_at: params.now,
    })
    .execute();
  if (outcome === 'sent') return 'sent';
  await recordQuotaNotice(trx, {
    accountId: params.accountId,
    channel: params.channel,
    day,
    limit: limit ?? 0,
    now: params.now,
  });
  return 'dropped';
}
