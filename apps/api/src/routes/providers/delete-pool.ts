import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { conflict, notFound } from '../../http/problem';

/**
 * `DELETE /v1/provider/pools/{id}`: only a pool no live offering uses (409 `pool_in_use`
 * naming them). Deleted offerings keep their row for contracts' history; their link to the
 * pool is cleared so the pool can go.
 */
export const deletePool: Handler<typeof operations.deletePool> = async ({ params }, ctx) => {
  const caller = accountCaller(ctx);
  await ctx.db.transaction().execute(async (trx) => {
    const pool = await trx
      .selectFrom('pools')
      .select('id')
      .where('id', '=', params.id)
      .where('provider_id', '=', caller.accountId)
      .forUpdate()
      .executeTakeFirst();
    if (!pool) throw notFound('Pool');
    const users = await trx
      .selectFrom('offerings')
      .select('slug')
      .where('pool_id', '=', pool.id)
      .where('deleted_at', 'is', null)
      .orderBy('slug')
      .limit(11)
      .execute();
    if (users.length > 0) {
      const names = users
        .slice(0, 10)
        .map((o) => `"${o.slug}"`)
        .join(', ');
      throw conflict(
        'pool_in_use',
        `Offerings still use this pool (${names}${users.length > 10 ? ', ...' : ''}); ` +
          'move them to another pool or delete them first.',
      );
    }
    await trx
      .updateTable('offerings')
      .set({ pool_id: null })
      .where('pool_id', '=', pool.id)
      .execute();
    await trx.deleteFrom('pools').where('id', '=', pool.id).execute();
  });
};
