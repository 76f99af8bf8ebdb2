import type { operations, ProviderMetrics, TrustFlag } from '@dc/client';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';
import { providerByUsername } from '../../trust/provider-lookup';

/**
 * `GET /v1/providers/{username}/record`: the stored record (public; only reads). A provider the
 * trust job has not seen yet is a 404 `record_not_computed`.
 */
export const getProviderRecord: Handler<typeof operations.getProviderRecord> = async (
  { params },
  ctx,
) => {
  const provider = await providerByUsername(ctx.db, params.username);
  const record = await ctx.db
    .selectFrom('provider_records')
    .selectAll()
    .where('provider_id', '=', provider.id)
    .executeTakeFirst();
  if (record === undefined) {
    throw new HttpProblem(
      404,
      'record_not_computed',
      `The record of ${provider.username} is not computed yet; the trust job computes it within ${Math.round(ctx.config.DC_TRUST_INTERVAL_MS / 60_000)} minutes.`,
    );
  }
  return {
    username: provider.username,
    display_name: provider.displayName,
    formula_version: record.formula_version,
    trust_score: record.trust_score === null ? null : Number(record.trust_score),
    null_reason: record.null_reason,
    flags: record.flags as TrustFlag[],
    metrics: record.metrics as ProviderMetrics,
    computed_at: record.computed_at.toISOString(),
  };
};
