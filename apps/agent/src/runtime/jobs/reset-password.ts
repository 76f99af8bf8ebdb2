import { sealToRenter } from '../seal-credentials';
import { recordedInstanceOf } from './instance-provisioner';
import { type JobHandler, JobRefusedError } from './types';

/**
 * `reset_password`: asks the cloud for a new root password through the provisioner's own API
 * call (never a shell command with the password in it), seals it to every renter key and
 * reports it. A provisioner without password resets fails the job for good, saying so.
 */
export const resetPassword: JobHandler = async ({ job, signal, provisioners }) => {
  const recorded = recordedInstanceOf(job, provisioners);
  const { provisioner } = recorded;
  if (!provisioner.capabilities.resetPassword || provisioner.resetPassword === undefined) {
    throw new JobRefusedError(
      `the ${provisioner.kind} provisioner "${recorded.name}" cannot reset root passwords`,
    );
  }
  const password = await provisioner.resetPassword(recorded.externalId, { signal });
  const credential = sealToRenter(password, job.contract.renter_public_keys, {
    contractId: job.contract.id,
    purpose: 'root_password',
  });
  return {
    type: 'complete',
    completion: { credentials: [credential] },
    log: { provisioner: recorded.name, external_id: recorded.externalId },
  };
};
