import type { operations } from '@dc/client';
import type { AgentActor } from '@dc/state-machine';
import { accountCaller } from '../../accounts/caller';
import { deliverInstance } from '../../agents/deliver';
import { applyContractEvent } from '../../contracts/apply-event';
import type { Handler } from '../../http/mount';
import { conflict, notFound } from '../../http/problem';

/**
 * `POST /v1/provider/contracts/{id}/manual-completion`: the provider of a `manual` contract
 * types in the server it set up, with credentials sealed in the browser to the renter's keys.
 * The provider completes the provision job itself: it takes the job's lease (the next fencing
 * token, so a manual-provisioner agent holding the job can no longer report on it), sends
 * `start_provisioning` if needed and then `provisioned`, in one transaction. The history
 * records the provider's key as the agent acting.
 */
export const completeManually: Handler<typeof operations.completeManually> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const contract = await trx
      .selectFrom('contracts')
      .selectAll()
      .where('id', '=', params.id)
      .where('provider_id', '=', caller.accountId)
      .forUpdate()
      .executeTakeFirst();
    if (!contract) throw notFound('Contract');
    if (contract.provisioner !== 'manual') {
      throw conflict(
        'not_manual',
        `This contract uses the "${contract.provisioner}" provisioner; its agent delivers it.`,
      );
    }
    const job = await trx
      .selectFrom('jobs')
      .select(['id', 'first_leased_at'])
      .where('contract_id', '=', contract.id)
      .where('kind', '=', 'provision')
      .where('status', 'in', ['queued', 'leased'])
      .forUpdate()
      .executeTakeFirst();
    if (!job) {
      throw conflict(
        'nothing_to_deliver',
        `The contract is ${contract.status}; there is no pending provision to complete.`,
      );
    }
    const actor: AgentActor = {
      role: 'agent',
      key: `provider:${caller.publicKey ?? caller.accountId}`,
      holdsLease: true,
    };
    await trx
      .updateTable('jobs')
      .set((eb) => ({
        status: 'completed',
        lease_agent_key: actor.key,
        lease_expires_at: null,
        fencing_token: eb('fencing_token', '+', 1n),
        attempt: eb('attempt', '+', 1),
        first_leased_at: eb.fn.coalesce('first_leased_at', eb.val(now)),
        updated_at: now,
      }))
      .where('id', '=', job.id)
      .execute();
    if (contract.status === 'accepted') {
      await applyContractEvent(trx, {
        contractId: contract.id,
        event: { type: 'start_provisioning' },
        actor,
        now,
      });
    }
    const applied = await deliverInstance(
      trx,
      contract,
      { instance: body.instance, credentials: body.credentials, keysBefore: null },
      actor,
      now,
    );
    return { contract_id: contract.id, status: applied.to };
  });
};
