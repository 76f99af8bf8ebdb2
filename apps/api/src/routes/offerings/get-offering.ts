import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';
import { visibleOffering } from '../../offerings/access';
import { marketComparisonOf } from '../../offerings/market';
import { allowListsOf, offeringToResponse } from '../../offerings/store';
import { loadProviderSummary } from '../../providers/summary';

/**
 * `GET /v1/offerings/{id}`: one offering the caller may see (else 404; see `visibleOffering`),
 * its provider's summary, and its price against the market computed now (spec §4). The
 * offering's `market_delta_pct` is set from that same computation so the two never disagree
 * (the stored column may lag; see `refreshMarketPrices`). Reads only.
 */
export const getOffering: Handler<typeof operations.getOffering> = async ({ params }, ctx) => {
  const { view, owner } = await visibleOffering(ctx.db, params.id, ctx.caller);
  const allowList = owner ? ((await allowListsOf(ctx.db, [view.id])).get(view.id) ?? []) : [];
  const provider = await loadProviderSummary(ctx.db, { accountId: view.provider_id });
  if (!provider) {
    // Offerings reference providers with a foreign key; this is a broken invariant.
    throw new HttpProblem(500, 'internal_error', 'The offering has no provider.');
  }
  const market = await marketComparisonOf(ctx.db, view);
  const offering = offeringToResponse(view, allowList, owner ? 'owner' : 'other');
  return {
    offering: { ...offering, market_delta_pct: market.delta_pct },
    provider,
    market,
  };
};
