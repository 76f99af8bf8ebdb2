import { MAX_SSH_KEYS } from '@dc/provisioners/core';
import { z } from 'zod';
import { recordedInstanceOf } from './instance-provisioner';
import { DONE, type JobHandler, JobRefusedError } from './types';

const Payload = z.object({
  ssh_public_keys: z.array(z.string().min(1)).min(1).max(MAX_SSH_KEYS),
});

/**
 * `rotate_ssh_key`: installs the keys in the job's payload on the running server through the
 * provisioner's `setSshKeys` (Proxmox: the guest agent). Most clouds set keys only at creation,
 * so a provisioner without it fails the job for good with a message saying a rebuild is needed.
 */
export const rotateSshKey: JobHandler = async ({ job, signal, provisioners }) => {
  const payload = Payload.safeParse(job.payload);
  if (!payload.success) {
    throw new JobRefusedError(
      `the job payload has no ssh_public_keys list (1-${MAX_SSH_KEYS} keys)`,
    );
  }
  const recorded = recordedInstanceOf(job, provisioners);
  const { provisioner } = recorded;
  if (provisioner.setSshKeys === undefined) {
    throw new JobRefusedError(
      `${provisioner.kind} cannot change SSH keys of a running server; rebuild required`,
    );
  }
  await provisioner.setSshKeys(recorded.externalId, payload.data.ssh_public_keys, { signal });
  return {
    ...DONE,
    log: {
      provisioner: recorded.name,
      external_id: recorded.externalId,
      keys: payload.data.ssh_public_keys.length,
    },
  };
};
