import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import type { Handler } from '../../http/mount';
import { trustComputedAt } from '../../trust/provider-lookup';
import { uptimeSeries } from '../../uptime/series';
import { contractWindows } from '../../uptime/windows';

/** Disagreements listed with a contract's uptime. */
const RECENT_DISAGREEMENTS = 20;

/**
 * `GET /v1/contracts/{id}/uptime`: the contract's windows (summed from its hours) and the
 * latest probes that contradicted its agent. Its renter, its provider or an admin; else 404.
 */
export const getContractUptime: Handler<typeof operations.getContractUptime> = async (
  { params },
  ctx,
) => {
  const { contract } = await partyContract(ctx.db, params.id, accountCaller(ctx));
  const computedAt = await trustComputedAt(ctx.db);
  const disagreements = await ctx.db
    .selectFrom('probe_results')
    .select(['probed_at', 'reachable', 'agent_status'])
    .where('contract_id', '=', contract.id)
    .where('disagrees', '=', true)
    .orderBy('probed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(RECENT_DISAGREEMENTS)
    .execute();
  return {
    subject: 'contract',
    id: contract.id,
    windows: await contractWindows(ctx.db, contract.id, computedAt),
    computed_at: computedAt?.toISOString() ?? null,
    series_path: `/v1/contracts/${contract.id}/uptime/daily`,
    recent_disagreements: disagreements.map((row) => ({
      probed_at: row.probed_at.toISOString(),
      reachable: row.reachable,
      agent_status: row.agent_status ?? 'unknown',
    })),
  };
};

/** `GET /v1/contracts/{id}/uptime/daily`: the contract's daily uptime (its parties only). */
export const getContractUptimeSeries: Handler<typeof operations.getContractUptimeSeries> = async (
  { params, query },
  ctx,
) => {
  const { contract } = await partyContract(ctx.db, params.id, accountCaller(ctx));
  const computedAt = await trustComputedAt(ctx.db);
  return {
    subject: 'contract',
    id: contract.id,
    days: await uptimeSeries(ctx.db, { kind: 'contract', id: contract.id }, computedAt, query.days),
    computed_at: computedAt?.toISOString() ?? null,
  };
};
