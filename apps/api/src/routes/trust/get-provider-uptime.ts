import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { providerByUsername, trustComputedAt } from '../../trust/provider-lookup';
import { uptimeSeries } from '../../uptime/series';
import { storedWindows } from '../../uptime/windows';

/** `GET /v1/providers/{username}/uptime`: the stored windows across all its contracts. */
export const getProviderUptime: Handler<typeof operations.getProviderUptime> = async (
  { params },
  ctx,
) => {
  const provider = await providerByUsername(ctx.db, params.username);
  const computedAt = await trustComputedAt(ctx.db);
  return {
    subject: 'provider',
    id: provider.username,
    windows: await storedWindows(ctx.db, 'provider', provider.id),
    computed_at: computedAt?.toISOString() ?? null,
    series_path: `/v1/providers/${provider.username}/uptime/daily`,
  };
};

/** `GET /v1/providers/{username}/uptime/daily`: daily uptime across all its contracts. */
export const getProviderUptimeSeries: Handler<typeof operations.getProviderUptimeSeries> = async (
  { params, query },
  ctx,
) => {
  const provider = await providerByUsername(ctx.db, params.username);
  const computedAt = await trustComputedAt(ctx.db);
  return {
    subject: 'provider',
    id: provider.username,
    days: await uptimeSeries(ctx.db, { kind: 'provider', id: provider.id }, computedAt, query.days),
    computed_at: computedAt?.toISOString() ?? null,
  };
};
