import type { CompleteJobBody, operations } from '@dc/client';
import { type ContractStatus, isTerminalStatus } from '@dc/state-machine';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { agentCaller } from '../../agents/caller';
import { checkCredentialRecipients, storeCredentials } from '../../agents/credentials';
import { deliverInstance, recordInstance } from '../../agents/deliver';
import type { AgentCaller } from '../../auth/caller';
import type { Database } from '../../db/schema';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';
import { finishJob } from '../../jobs/finish';
import { type HeldJob, lockHeldJob } from '../../jobs/held-lease';
import { jobOutcome } from '../../jobs/outcome';
import { notifyPasswordReset } from '../../notifications/contract-notices';

type Body = z.output<typeof CompleteJobBody>;

const missing = (path: string, detail: string) =>
  new HttpProblem(422, 'validation_failed', `${path}: ${detail}`, {
    errors: [{ path, message: detail }],
  });

/**
 * `POST /v1/agent/jobs/{id}/complete`, by the lease holder only (409 `stale_lease` otherwise).
 * - provision: the instance and credentials sealed to the renter's keys; the contract gets
 *   `provisioned` (the paid term starts) in the same transaction.
 * - terminate: the recorded instance is marked terminated.
 * - reset_password: the new sealed password replaces nothing; it is stored beside the old one
 *   and the newest is what the renter reads.
 * - rotate_ssh_key: the contract's SSH keys become the ones the job installed.
 * - stop, start: recorded as done.
 */
export const completeJob: Handler<typeof operations.completeJob> = async (
  { params, body },
  ctx,
) => {
  const agent = agentCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) => {
    const held = await lockHeldJob(trx, agent, params.id, body);
    const contractStatus = await applyCompletion(trx, agent, held, body, now);
    const job = await finishJob(trx, held.job.id, 'completed', now, { result: body.result });
    return jobOutcome(job, contractStatus);
  });
};

async function applyCompletion(
  trx: Transaction<Database>,
  agent: AgentCaller,
  { job, contract }: HeldJob,
  body: Body,
  now: Date,
): Promise<string> {
  switch (job.kind) {
    case 'provision': {
      if (!body.instance)
        throw missing('body.instance', 'a provision job reports the instance it built');
      if (isTerminalStatus(contract.status as ContractStatus)) {
        // Cancelled while the agent built it: nothing to deliver, but the server exists. Record
        // it so the contract's terminate job (and reconcile) remove exactly this one.
        await recordInstance(trx, contract.id, body.instance, now);
        return contract.status;
      }
      const applied = await deliverInstance(
        trx,
        contract,
        { instance: body.instance, credentials: body.credentials, keysBefore: job.first_leased_at },
        { role: 'agent', key: agent.agentKey, holdsLease: true },
        now,
      );
      return applied.to;
    }
    case 'terminate':
      await trx
        .updateTable('contracts')
        .set({ instance_terminated_at: now, updated_at: now })
        .where('id', '=', contract.id)
        .where('instance_external_id', 'is not', null)
        .execute();
      return contract.status;
    case 'reset_password': {
      if (body.credentials.length === 0) {
        throw missing('body.credentials', 'a password reset reports the new password, sealed');
      }
      await checkCredentialRecipients(
        trx,
        contract.renter_id,
        body.credentials,
        job.first_leased_at,
      );
      await storeCredentials(trx, contract.id, body.credentials, now);
      await notifyPasswordReset(trx, contract, job.id, now);
      return contract.status;
    }
    case 'rotate_ssh_key': {
      // The server now trusts the keys the renter asked for: the contract says so too, so the
      // dashboard and a later rebuild use them. The keys were validated when the job was queued.
      const keys = (job.payload as { ssh_public_keys?: unknown }).ssh_public_keys;
      if (Array.isArray(keys) && keys.every((key) => typeof key === 'string')) {
        await trx
          .updateTable('contracts')
          .set({ ssh_public_keys: keys, updated_at: now })
          .where('id', '=', contract.id)
          .execute();
      }
      return contract.status;
    }
    default:
      return contract.status;
  }
}
