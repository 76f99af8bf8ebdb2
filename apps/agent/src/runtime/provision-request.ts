import { type ProvisionRequest, ProvisionRequestSchema } from '@dc/provisioners/core';
import { z } from 'zod';
import { requestConfigOf } from '../config/provisioners';
import type { LeasedJob } from './reporter';

/** What the runtime reads of the offering snapshot a contract carries. */
const OfferingSnapshot = z.object({
  id: z.string().min(1),
  cpu_cores: z.number().int(),
  memory_mib: z.number().int(),
  disk_gib: z.number().int(),
  provisioner_config: z.record(z.string(), z.unknown()).nullish(),
  post_provision_script: z.string().nullish(),
});

/** A job whose contract cannot be turned into a provision request; retrying will not help. */
export class ProvisionRequestError extends Error {
  override name = 'ProvisionRequestError';
}

/** The offering's `provisioner_config` as rented (`{}` when it has none). */
export function offeringConfigOf(job: LeasedJob): Record<string, unknown> {
  const config = job.contract.offering['provisioner_config'];
  return typeof config === 'object' && config !== null && !Array.isArray(config)
    ? (config as Record<string, unknown>)
    : {};
}

/**
 * The provision request for a leased provision job: sizes from the offering as rented, the
 * image and SSH keys the renter chose, the offering's provisioner config (without the agent's
 * own `agent_provisioner` key) and its post-provision script. `location` is the config's
 * `location`, else `default` (the provisioner's configured location). Throws
 * {@link ProvisionRequestError} naming the field that does not fit.
 */
export function provisionRequestOf(job: LeasedJob): ProvisionRequest {
  const snapshot = OfferingSnapshot.safeParse(job.contract.offering);
  if (!snapshot.success) {
    throw new ProvisionRequestError(
      `contract ${job.contract.id}: the offering snapshot ${issuesOf(snapshot.error.issues, 'offering')}`,
    );
  }
  const offering = snapshot.data;
  const config = requestConfigOf(offering.provisioner_config ?? {});
  const location = config['location'];
  const request = ProvisionRequestSchema.safeParse({
    contractId: job.contract.id,
    offeringId: offering.id,
    cpuCores: offering.cpu_cores,
    memoryMiB: offering.memory_mib,
    diskGiB: offering.disk_gib,
    image: job.contract.os_image,
    location: typeof location === 'string' && location !== '' ? location : 'default',
    sshPublicKeys: job.contract.ssh_public_keys,
    config,
    ...(offering.post_provision_script ? { script: offering.post_provision_script } : {}),
    // Every lease of the job counts an attempt: the first one cannot find anything made by an
    // earlier one, so the provisioner may skip its lookup (it still adopts on a name clash).
    firstAttempt: job.attempt === 1,
  });
  if (!request.success) {
    throw new ProvisionRequestError(
      `contract ${job.contract.id}: cannot build a provision request: ${issuesOf(request.error.issues, 'request')}`,
    );
  }
  return request.data;
}

/** `where.path: message; ...` without the values (they may be long scripts or keys). */
function issuesOf(issues: readonly z.core.$ZodIssue[], where: string): string {
  return issues
    .map((issue) => `${[where, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}
