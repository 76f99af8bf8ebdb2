import type { operations } from '@dc/client';
import { agentCaller } from '../../agents/caller';
import { type ReconciledContract, reconcileAction } from '../../agents/reconcile';
import type { Handler } from '../../http/mount';

/**
 * `POST /v1/agent/reconcile`: per instance the agent's provisioners list as ours, what to do
 * with it. Only contracts of the agent's provider and pool are considered. A contract of
 * another pool of the same provider is `foreign` (pools may share a cloud account; its own
 * pool's agents look after it, and this agent must never take it for an orphan); any other
 * contract id is answered `unknown`, exactly like a missing one (never-again 18).
 */
export const reconcileInstances: Handler<typeof operations.reconcileInstances> = async (
  { body },
  ctx,
) => {
  const agent = agentCaller(ctx);
  const ids = [
    ...new Set(body.instances.flatMap((i) => (i.contract_id === null ? [] : [i.contract_id]))),
  ];
  const rows =
    ids.length === 0
      ? []
      : await ctx.db
          .selectFrom('contracts')
          .select(['id', 'status', 'instance_provisioner', 'instance_external_id'])
          .where('id', 'in', ids)
          .where('provider_id', '=', agent.providerId)
          .where('pool_id', '=', agent.poolId)
          .execute();
  const mine = new Set(rows.map((row) => row.id));
  const others = ids.filter((id) => !mine.has(id));
  const foreign =
    others.length === 0
      ? new Set<string>()
      : new Set(
          (
            await ctx.db
              .selectFrom('contracts')
              .select('id')
              .where('id', 'in', others)
              .where('provider_id', '=', agent.providerId)
              .execute()
          ).map((row) => row.id),
        );
  const contracts = new Map<string, ReconciledContract>(
    rows.map((row) => [
      row.id,
      {
        status: row.status,
        instanceProvisioner: row.instance_provisioner,
        instanceExternalId: row.instance_external_id,
      },
    ]),
  );
  return {
    instances: body.instances.map((instance) => ({
      provisioner: instance.provisioner,
      external_id: instance.external_id,
      contract_id: instance.contract_id,
      action:
        instance.contract_id !== null && foreign.has(instance.contract_id)
          ? ('foreign' as const)
          : reconcileAction(
              instance,
              instance.contract_id === null ? null : (contracts.get(instance.contract_id) ?? null),
            ),
    })),
  };
};
