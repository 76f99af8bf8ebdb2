import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { poolToResponse, selectPools } from '../../providers/pool-view';

/** `GET /v1/provider/pools`: the caller's pools by name, each with its agents' liveness. */
export const listPools: Handler<typeof operations.listPools> = async (_input, ctx) => {
  const rows = await selectPools(ctx.db)
    .where('provider_id', '=', accountCaller(ctx).accountId)
    .orderBy('name')
    .orderBy('id')
    .execute();
  return { items: rows.map(poolToResponse) };
};
