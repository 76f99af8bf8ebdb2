import { instanceReportOf } from '../instance-report';
import { offeringConfigOf, provisionRequestOf } from '../provision-request';
import { sealToRenter } from '../seal-credentials';
import { JobDeferredError, type JobHandler } from './types';

/**
 * `provision`: builds the server through the provisioner the offering routes to. `provision`
 * is idempotent per contract id, so a retry after a crash (or a lease taken over from a dead
 * agent) adopts the server already made instead of building a second one. A root password is
 * sealed to every renter key before it leaves this function; it is never logged.
 */
export const provision: JobHandler = async ({ job, signal, provisioners, logger }) => {
  const choice = provisioners.pick(job.contract.provisioner, offeringConfigOf(job));
  // Another agent of the pool may be configured for it; the attempt limit ends the search.
  if ('error' in choice) throw new JobDeferredError(choice.error);
  const request = provisionRequestOf(job);
  logger.debug({ provisioner: choice.name, location: request.location }, 'provisioning');
  const instance = await choice.provisioner.provision(request, { signal });
  const credentials =
    instance.rootPassword === undefined || instance.rootPassword === ''
      ? []
      : [
          sealToRenter(instance.rootPassword, job.contract.renter_public_keys, {
            contractId: job.contract.id,
            purpose: 'root_password',
          }),
        ];
  return {
    type: 'complete',
    completion: { instance: instanceReportOf(choice.name, instance), credentials },
    log: {
      provisioner: choice.name,
      external_id: instance.externalId,
      status: instance.status,
      sealed_credentials: credentials.length,
    },
  };
};
