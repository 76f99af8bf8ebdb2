import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { conflict, notFound } from '../../http/problem';

/**
 * `GET /v1/provider/contracts/{id}/renter-keys`: what the provider's browser seals a manual
 * delivery's credentials to. Only the contract's provider, and only while it waits for
 * delivery; another provider's contract is a 404.
 */
export const getRenterKeys: Handler<typeof operations.getRenterKeys> = async ({ params }, ctx) => {
  const caller = accountCaller(ctx);
  const contract = await ctx.db
    .selectFrom('contracts')
    .select(['id', 'renter_id', 'status'])
    .where('id', '=', params.id)
    .where('provider_id', '=', caller.accountId)
    .executeTakeFirst();
  if (!contract) throw notFound('Contract');
  if (contract.status !== 'accepted' && contract.status !== 'provisioning') {
    throw conflict(
      'nothing_to_deliver',
      `The contract is ${contract.status}; renter keys are given out only for a pending delivery.`,
    );
  }
  const keys = await ctx.db
    .selectFrom('account_keys')
    .select('public_key')
    .where('account_id', '=', contract.renter_id)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .orderBy('public_key')
    .execute();
  return { contract_id: contract.id, public_keys: keys.map((key) => key.public_key) };
};
