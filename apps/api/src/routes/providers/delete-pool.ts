import type { operations } from '@dc/client';
import { TERMINAL_STATUSES } from '@dc/state-machine';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { conflict, notFound } from '../../http/problem';
import { livePools } from '../../providers/live-pools';

/**
 * `DELETE /v1/provider/pools/{id}`: only a pool no live offering uses and no live contract
 * depends on (409 `pool_in_use` naming them: its agents must still build, stop or remove those
 * servers). The pool is retired, not removed (see 0006_pool_retirement): its agents are revoked
 * at once, its unused setup tokens expire, and its delegations' evidence and the history of its
 * contracts stay. Deleted offerings keep their row; their link to the pool is cleared.
 */
export const deletePool: Handler<typeof operations.deletePool> = async ({ params }, ctx) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  await ctx.db.transaction().execute(async (trx) => {
    const pool = await livePools(trx)
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
    const live = await trx
      .selectFrom('contracts')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('pool_id', '=', pool.id)
      .where('status', 'not in', [...TERMINAL_STATUSES])
      .executeTakeFirstOrThrow();
    if (Number(live.n) > 0) {
      throw conflict(
        'pool_in_use',
        `${live.n} live contract(s) still run on this pool; its agents must serve them until ` +
          'they end. List them with GET /v1/contracts?role=provider.',
      );
    }
    await trx
      .updateTable('offerings')
      .set({ pool_id: null })
      .where('pool_id', '=', pool.id)
      .execute();
    await trx
      .updateTable('agents')
      .set({ revoked_at: now })
      .where('pool_id', '=', pool.id)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .updateTable('setup_tokens')
      .set({ expires_at: now })
      .where('pool_id', '=', pool.id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .execute();
    await trx
      .updateTable('pools')
      .set({ deleted_at: now, updated_at: now })
      .where('id', '=', pool.id)
      .execute();
  });
};
