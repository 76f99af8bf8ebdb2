import type { JobKind, LeasedJob } from '@dc/client';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema';
import type { JobRow } from './claim';

/**
 * The answer for leased jobs: each with what the agent needs of its contract (the offering as
 * rented, SSH keys, image, the recorded instance for terminate and reset, and every active key
 * of the renter so credentials are sealed to all of them).
 */
export async function leasedJobsToResponse(
  db: Kysely<Database>,
  jobs: readonly JobRow[],
): Promise<z.input<typeof LeasedJob>[]> {
  if (jobs.length === 0) return [];
  const contracts = await db
    .selectFrom('contracts')
    .select([
      'id',
      'status',
      'renter_id',
      'provisioner',
      'offering_snapshot',
      'ssh_public_keys',
      'os_image',
      'instance_provisioner',
      'instance_external_id',
    ])
    .where(
      'id',
      'in',
      jobs.map((job) => job.contract_id),
    )
    .execute();
  const keys = await db
    .selectFrom('account_keys')
    .select(['account_id', 'public_key'])
    .where(
      'account_id',
      'in',
      contracts.map((contract) => contract.renter_id),
    )
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .orderBy('public_key')
    .execute();
  return jobs.map((job) => {
    const contract = contracts.find((c) => c.id === job.contract_id);
    if (!contract) throw new Error(`job ${job.id}: contract ${job.contract_id} vanished`);
    return {
      job_id: job.id,
      kind: job.kind as z.input<typeof JobKind>,
      attempt: job.attempt,
      max_attempts: job.max_attempts,
      lease_id: job.lease_id ?? '',
      fencing_token: Number(job.fencing_token),
      lease_expires_at: (job.lease_expires_at ?? new Date(0)).toISOString(),
      payload: (job.payload ?? {}) as Record<string, unknown>,
      contract: {
        id: contract.id,
        status: contract.status,
        provisioner: contract.provisioner,
        offering: (contract.offering_snapshot ?? {}) as Record<string, unknown>,
        ssh_public_keys: [...contract.ssh_public_keys],
        os_image: contract.os_image,
        renter_public_keys: keys
          .filter((key) => key.account_id === contract.renter_id)
          .map((key) => key.public_key),
        instance:
          contract.instance_provisioner !== null && contract.instance_external_id !== null
            ? {
                provisioner: contract.instance_provisioner,
                external_id: contract.instance_external_id,
              }
            : null,
      },
    };
  });
}
