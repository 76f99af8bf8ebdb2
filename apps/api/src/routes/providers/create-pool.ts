import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { livePools } from '../../providers/live-pools';
import { poolNameTaken, poolToResponse, selectPools } from '../../providers/pool-view';

/** `POST /v1/provider/pools`: a new pool of the caller; names are unique per provider (409). */
export const createPool: Handler<typeof operations.createPool> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const clash = await livePools(trx)
      .select('id')
      .where('provider_id', '=', caller.accountId)
      .where('name', '=', body.name)
      .executeTakeFirst();
    if (clash) throw poolNameTaken(body.name);
    const { id } = await trx
      .insertInto('pools')
      .values({
        provider_id: caller.accountId,
        name: body.name,
        region: body.region,
        country: body.country,
        provisioner_kinds: [...new Set(body.provisioner_kinds)],
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return poolToResponse(await selectPools(trx).where('id', '=', id).executeTakeFirstOrThrow());
  });
};
