import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { visibleOffering } from '../../offerings/access';
import { trustComputedAt } from '../../trust/provider-lookup';
import { uptimeSeries } from '../../uptime/series';
import { storedWindows } from '../../uptime/windows';

/** `GET /v1/offerings/{id}/uptime`: for whoever may see the offering (else 404). */
export const getOfferingUptime: Handler<typeof operations.getOfferingUptime> = async (
  { params },
  ctx,
) => {
  const { view } = await visibleOffering(ctx.db, params.id, ctx.caller);
  const computedAt = await trustComputedAt(ctx.db);
  return {
    subject: 'offering',
    id: view.id,
    windows: await storedWindows(ctx.db, 'offering', view.id),
    computed_at: computedAt?.toISOString() ?? null,
    series_path: `/v1/offerings/${view.id}/uptime/daily`,
  };
};

/** `GET /v1/offerings/{id}/uptime/daily`: daily uptime of the offering's contracts. */
export const getOfferingUptimeSeries: Handler<typeof operations.getOfferingUptimeSeries> = async (
  { params, query },
  ctx,
) => {
  const { view } = await visibleOffering(ctx.db, params.id, ctx.caller);
  const computedAt = await trustComputedAt(ctx.db);
  return {
    subject: 'offering',
    id: view.id,
    days: await uptimeSeries(ctx.db, { kind: 'offering', id: view.id }, computedAt, query.days),
    computed_at: computedAt?.toISOString() ?? null,
  };
};
