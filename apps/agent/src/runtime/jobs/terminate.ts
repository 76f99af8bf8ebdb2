import type { Provisioner } from '@dc/provisioners/core';
import type { ProvisionerSet } from '../../config/provisioners';
import type { LeasedJob } from '../reporter';
import { recordedInstanceOf } from './instance-provisioner';
import type { JobHandler } from './types';

/**
 * `terminate`: removes the recorded instance through exactly the provisioner that built it
 * ("already gone" is success). When no instance was ever recorded (the contract ended before
 * the provision was reported), the servers labelled with this contract are looked up in the
 * provisioners of the contract's kind and removed, so a half-finished build is not left behind.
 */
export const terminate: JobHandler = async ({ job, signal, provisioners, logger }) => {
  if (job.contract.instance !== null) {
    const recorded = recordedInstanceOf(job, provisioners);
    await recorded.provisioner.terminate(recorded.externalId, { signal });
    return {
      type: 'complete',
      completion: { result: { terminated: 1 } },
      log: { provisioner: recorded.name, external_id: recorded.externalId },
    };
  }
  let terminated = 0;
  for (const [name, provisioner] of candidatesOf(job, provisioners)) {
    for (const found of await provisioner.listInstances({ signal })) {
      if (found.contractId !== job.contract.id) continue;
      await provisioner.terminate(found.externalId, { signal });
      terminated += 1;
      logger.info({ provisioner: name, external_id: found.externalId }, 'terminated unreported');
    }
  }
  return { type: 'complete', completion: { result: { terminated } }, log: { terminated } };
};

/** The provisioners that could have built this contract's server: those of its kind. */
function candidatesOf(job: LeasedJob, provisioners: ProvisionerSet): [string, Provisioner][] {
  return [...provisioners.byName].filter(
    ([, provisioner]) => provisioner.kind === job.contract.provisioner,
  );
}
