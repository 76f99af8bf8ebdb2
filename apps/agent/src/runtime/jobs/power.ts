import { recordedInstanceOf } from './instance-provisioner';
import { DONE, type JobHandler, JobRefusedError } from './types';

/** `stop` and `start`: power the recorded instance off or on, when the provisioner can. */
function powerHandler(action: 'stop' | 'start'): JobHandler {
  return async ({ job, signal, provisioners }) => {
    const recorded = recordedInstanceOf(job, provisioners);
    const { provisioner } = recorded;
    const call = provisioner[action];
    if (!provisioner.capabilities.stop || call === undefined) {
      throw new JobRefusedError(
        `the ${provisioner.kind} provisioner "${recorded.name}" cannot ${action} servers`,
      );
    }
    await call.call(provisioner, recorded.externalId, { signal });
    return {
      ...DONE,
      log: { provisioner: recorded.name, external_id: recorded.externalId },
    };
  };
}

/** `stop`: power the server off (service suspended); it is kept. */
export const stop: JobHandler = powerHandler('stop');
/** `start`: power it on again. */
export const start: JobHandler = powerHandler('start');
