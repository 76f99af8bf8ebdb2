import type { Provisioner } from '@dc/provisioners/core';
import type { ProvisionerSet } from '../../config/provisioners';
import type { LeasedJob } from '../reporter';
import { JobDeferredError, JobRefusedError } from './types';

/** The recorded instance of a job's contract and the provisioner that built it. */
export interface RecordedInstance {
  readonly name: string;
  readonly provisioner: Provisioner;
  readonly externalId: string;
}

/**
 * The instance the API recorded for the job's contract, and the provisioner that made it,
 * found by the NAME recorded with it. Never "the first provisioner that says OK": a server id
 * of one cloud may exist in another.
 */
export function recordedInstanceOf(job: LeasedJob, provisioners: ProvisionerSet): RecordedInstance {
  const { instance } = job.contract;
  if (instance === null) {
    throw new JobRefusedError(
      `contract ${job.contract.id} has no recorded instance; a ${job.kind} job needs one`,
    );
  }
  const provisioner = provisioners.byName.get(instance.provisioner);
  if (provisioner === undefined) {
    // Another agent of the pool may still have it configured.
    throw new JobDeferredError(
      `the instance was made by provisioner "${instance.provisioner}", which this agent does not ` +
        `have (configured: ${[...provisioners.byName.keys()].join(', ')})`,
    );
  }
  return { name: instance.provisioner, provisioner, externalId: instance.external_id };
}
