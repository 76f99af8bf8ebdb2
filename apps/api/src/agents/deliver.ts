import type { InstanceReport, SealedCredential } from '@dc/client';
import type { AgentActor } from '@dc/state-machine';
import type { Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import { type AppliedEvent, applyContractEvent } from '../contracts/apply-event';
import type { ContractsTable, Database } from '../db/schema';
import { conflict } from '../http/problem';
import { checkCredentialRecipients, storeCredentials } from './credentials';

/** A delivered server: what the agent (or the provider, for `manual`) reports. */
export interface Delivery {
  readonly instance: z.output<typeof InstanceReport>;
  readonly credentials: readonly z.output<typeof SealedCredential>[];
  /** Renter keys older than this must each be able to open the credentials. */
  readonly keysBefore: Date | null;
}

/**
 * Records a delivery inside `trx`: the envelopes are checked to be sealed to the renter, the
 * `(provisioner, external_id)` pair must not belong to another contract (termination will use
 * exactly this pair, never-again 20), then `provisioned` is sent through the state machine
 * (which starts the paid term) and the instance and sealed credentials are stored.
 */
export async function deliverInstance(
  trx: Transaction<Database>,
  contract: Selectable<ContractsTable>,
  delivery: Delivery,
  actor: AgentActor,
  now: Date,
  root = 'body',
): Promise<AppliedEvent> {
  await checkCredentialRecipients(
    trx,
    contract.renter_id,
    delivery.credentials,
    delivery.keysBefore,
    `${root}.credentials`,
  );
  const { instance } = delivery;
  const holder = await trx
    .selectFrom('contracts')
    .select('id')
    .where('instance_provisioner', '=', instance.provisioner)
    .where('instance_external_id', '=', instance.external_id)
    .where('id', '<>', contract.id)
    .executeTakeFirst();
  if (holder) {
    throw conflict(
      'instance_already_recorded',
      `Instance ${instance.provisioner}/${instance.external_id} is recorded for another contract.`,
      [{ path: `${root}.instance.external_id`, message: 'belongs to another contract' }],
    );
  }
  const applied = await applyContractEvent(trx, {
    contractId: contract.id,
    event: {
      type: 'provisioned',
      sealedCredentials: delivery.credentials.length > 0,
      sshKeyAccess: contract.ssh_public_keys.length > 0,
    },
    actor,
    now,
  });
  await recordInstance(trx, contract.id, instance, now);
  await storeCredentials(trx, contract.id, delivery.credentials, now);
  return applied;
}

/** Stores the reported instance (no secrets) and the pair termination will use. */
export async function recordInstance(
  trx: Transaction<Database>,
  contractId: string,
  instance: z.output<typeof InstanceReport>,
  now: Date,
): Promise<void> {
  await trx
    .updateTable('contracts')
    .set({
      instance: JSON.stringify(instance),
      instance_provisioner: instance.provisioner,
      instance_external_id: instance.external_id,
      updated_at: now,
    })
    .where('id', '=', contractId)
    .execute();
}
