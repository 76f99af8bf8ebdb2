import type { ContractEventEntry, operations } from '@dc/client';
import type { z } from 'zod';
import { accountCaller } from '../../accounts/caller';
import { partyContract } from '../../contracts/access';
import type { Handler } from '../../http/mount';

type Entry = z.input<typeof ContractEventEntry>;

/** `GET /v1/contracts/{id}/timeline`: the contract's history rows, oldest first. */
export const getContractTimeline: Handler<typeof operations.getContractTimeline> = async (
  { params },
  ctx,
) => {
  const { contract } = await partyContract(ctx.db, params.id, accountCaller(ctx));
  const rows = await ctx.db
    .selectFrom('contract_history')
    .selectAll()
    .where('contract_id', '=', contract.id)
    .orderBy('id')
    .execute();
  return {
    items: rows.map((row) => ({
      from_status: row.from_status as Entry['from_status'],
      to_status: row.to_status as Entry['to_status'],
      event: row.event,
      actor_role: row.actor_role as Entry['actor_role'],
      actor: row.actor_key,
      memo: row.memo,
      at: row.at.toISOString(),
    })),
  };
};
