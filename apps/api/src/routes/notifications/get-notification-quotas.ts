import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { tierPurchaseView } from '../../notifications/buy-tier';
import {
  FREE_QUOTA,
  type MeteredChannel,
  paidQuota,
  usageOn,
  utcDay,
} from '../../notifications/quota';
import { TIERS } from '../../notifications/tiers';

const CHANNELS: readonly MeteredChannel[] = ['email', 'telegram', 'webhook', 'sms'];

/** `GET /v1/notifications/quotas`: today's (UTC) quota and use per channel, tiers. */
export const getNotificationQuotas: Handler<typeof operations.getNotificationQuotas> = async (
  _input,
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  const day = utcDay(now);
  const channels = [];
  for (const channel of CHANNELS) {
    const free = FREE_QUOTA[channel];
    const paid = await paidQuota(ctx.db, caller.accountId, channel, now);
    const used = await usageOn(ctx.db, caller.accountId, channel, day);
    channels.push({
      channel,
      limit: free === null ? null : free + paid,
      free,
      paid,
      used: used.sent,
      dropped: used.dropped,
    });
  }
  const active = await ctx.db
    .selectFrom('notification_tier_purchases')
    .select([
      'id',
      'tier',
      'currency',
      'price',
      'wallet_ledger_id',
      'starts_at',
      'ends_at',
      'created_at',
    ])
    .where('account_id', '=', caller.accountId)
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
    .orderBy('ends_at')
    .execute();
  return {
    day,
    channels,
    active_tiers: active.map(tierPurchaseView),
    catalogue: TIERS.map((tier) => ({
      tier: tier.tier,
      adds: { ...tier.adds },
      days: tier.days,
      prices: { ...tier.prices },
    })),
  };
};
