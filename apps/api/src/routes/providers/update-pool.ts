import type { operations } from '@dc/client';
import { sql } from 'kysely';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { notFound, validationFailed } from '../../http/problem';
import { livePools } from '../../providers/live-pools';
import { poolNameTaken, poolToResponse, selectPools } from '../../providers/pool-view';

/**
 * `PATCH /v1/provider/pools/{id}`: changes the fields sent. Another provider's pool is a 404
 * (its existence is not revealed). Dropping a provisioner kind that a live offering of the pool
 * still uses is refused (422 on `body.provisioner_kinds`): the offering could never be served.
 */
export const updatePool: Handler<typeof operations.updatePool> = async ({ params, body }, ctx) => {
  const caller = accountCaller(ctx);
  return ctx.db.transaction().execute(async (trx) => {
    const pool = await livePools(trx)
      .select(['id', 'name'])
      .where('id', '=', params.id)
      .where('provider_id', '=', caller.accountId)
      .forUpdate()
      .executeTakeFirst();
    if (!pool) throw notFound('Pool');
    if (body.name !== undefined && body.name !== pool.name) {
      const clash = await livePools(trx)
        .select('id')
        .where('provider_id', '=', caller.accountId)
        .where('name', '=', body.name)
        .executeTakeFirst();
      if (clash) throw poolNameTaken(body.name);
    }
    const kinds = body.provisioner_kinds && [...new Set(body.provisioner_kinds)];
    if (kinds) {
      const stranded = await trx
        .selectFrom('offerings')
        .select(['slug', 'provisioner'])
        .where('pool_id', '=', pool.id)
        .where('deleted_at', 'is', null)
        .where('provisioner', 'not in', kinds)
        .orderBy('slug')
        .execute();
      if (stranded.length > 0) {
        const uses = stranded.map((o) => `"${o.slug}" uses ${o.provisioner}`).join(', ');
        throw validationFailed([
          {
            path: 'body.provisioner_kinds',
            message: `offerings of this pool need the kinds removed (${uses}); change them first`,
          },
        ]);
      }
    }
    await trx
      .updateTable('pools')
      .set({
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.region === undefined ? {} : { region: body.region }),
        ...(body.country === undefined ? {} : { country: body.country }),
        ...(kinds === undefined ? {} : { provisioner_kinds: kinds }),
        updated_at: sql`now()`,
      })
      .where('id', '=', pool.id)
      .execute();
    return poolToResponse(
      await selectPools(trx).where('id', '=', pool.id).executeTakeFirstOrThrow(),
    );
  });
};
