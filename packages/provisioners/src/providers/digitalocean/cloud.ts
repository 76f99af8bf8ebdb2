import { cloudInitUserData } from '../../cloud-init';
import { ProvisionerError } from '../../errors';
import { resourceName } from '../../naming';
import { pollUntil } from '../../poll';
import type { ProvisionRequest } from '../../types';
import { parseOfferingConfig } from '../_tagged-cloud/deps';
import { pickSize } from '../_tagged-cloud/pick-size';
import type { TaggedCloud } from '../_tagged-cloud/provision-flow';
import { contractTag, isManagedFor, MANAGED_TAG } from '../_tagged-cloud/tags';
import type { DigitalOceanApi } from './api';
import { type DigitalOceanConfig, DigitalOceanOfferingConfigSchema } from './config';
import { toInstance } from './convert';
import type { DoAction, DoCreateDroplet, DoCreateDropletResponse, DoDroplet } from './wire';

// DigitalOcean accepts at most 64 KiB of user data.
const USER_DATA_MAX = 64 * 1024;
const SLUG = /^[a-z0-9][a-z0-9.-]{0,127}$/;

/** Waits for an action to finish; an errored action is a retryable `upstream_error`. */
export function waitForAction(
  api: DigitalOceanApi,
  config: DigitalOceanConfig,
  actionId: number,
  what: string,
  signal?: AbortSignal,
): Promise<DoAction> {
  return pollUntil(
    async () => {
      const action = await api.action(actionId, signal);
      if (action.status === 'errored') {
        throw new ProvisionerError(
          'upstream_error',
          `DigitalOcean ${what} (action ${actionId}, ${action.type}) errored`,
          {
            retryable: true,
            upstreamCode: 'action_errored',
          },
        );
      }
      return action.status === 'completed' ? action : undefined;
    },
    {
      intervalMs: config.pollIntervalMs,
      timeoutMs: config.createTimeoutMs,
      signal,
      what: `${what} (action ${actionId})`,
    },
  );
}

/** The DigitalOcean side of the shared tagged-cloud provisioning flow. */
export function digitalOceanCloud(
  api: DigitalOceanApi,
  config: DigitalOceanConfig,
): TaggedCloud<DoDroplet, DoCreateDroplet, DoCreateDropletResponse> {
  const untilNotNew = (id: number, signal?: AbortSignal) =>
    pollUntil(
      async () => {
        const droplet = await api.droplet(String(id), signal);
        if (droplet === null)
          throw new ProvisionerError(
            'upstream_error',
            `droplet ${id} disappeared while being created`,
          );
        return droplet.status === 'new' ? undefined : droplet;
      },
      {
        intervalMs: config.pollIntervalMs,
        timeoutMs: config.createTimeoutMs,
        signal,
        what: `droplet ${id} to become active`,
      },
    );

  return {
    keys: api.keys,

    async findByContract(contractId, signal) {
      const tagged = await api.dropletsByTag(contractTag(contractId), signal);
      return tagged.filter((d) => isManagedFor(d.tags, contractId)).sort((a, b) => a.id - b.id);
    },

    async prepare(request: ProvisionRequest, signal) {
      const offering = parseOfferingConfig(
        DigitalOceanOfferingConfigSchema,
        request.config,
        'digitalocean',
      );
      const region = offering.region ?? config.region ?? request.location;
      const image = offering.image ?? config.image ?? request.image;
      if (!SLUG.test(region)) {
        throw new ProvisionerError(
          'invalid_request',
          `location "${region}" is not a DigitalOcean region slug (such as "fra1"); set region in the provisioner or offering config`,
        );
      }
      if (!SLUG.test(image) && !/^\d+$/.test(image)) {
        throw new ProvisionerError(
          'invalid_request',
          `image "${image}" is not a DigitalOcean image slug (such as "ubuntu-24-04-x64") or id; set image in the provisioner or offering config`,
        );
      }
      const size =
        offering.size ??
        config.sizes?.[request.offeringId] ??
        config.size ??
        pickSize(
          (await api.sizes(signal)).map((s) => ({
            id: s.slug,
            vcpus: s.vcpus,
            memoryMiB: s.memory,
            diskGiB: s.disk,
            monthlyPrice: s.price_monthly,
            availableInRegion: s.available && s.regions.includes(region),
          })),
          request,
          `region ${region}`,
        ).id;
      const userData = cloudInitUserData(request);
      if (Buffer.byteLength(userData) > USER_DATA_MAX) {
        throw new ProvisionerError(
          'invalid_request',
          `script is too long: the cloud-init user data would be ${Buffer.byteLength(userData)} bytes, DigitalOcean accepts at most ${USER_DATA_MAX}`,
        );
      }
      return {
        name: resourceName(request.contractId),
        region,
        size,
        image: /^\d+$/.test(image) ? Number(image) : image,
        ssh_keys: [],
        ipv6: true,
        monitoring: true,
        tags: [MANAGED_TAG, contractTag(request.contractId)],
        user_data: userData,
      };
    },

    create: (spec, sshKeyIds, signal) =>
      api.createDroplet({ ...spec, ssh_keys: sshKeyIds.map(Number) }, signal),

    async waitCreated(created, signal) {
      const action = created.links.actions.find((a) => a.rel === 'create');
      if (action !== undefined)
        await waitForAction(
          api,
          config,
          action.id,
          `create of droplet ${created.droplet.id}`,
          signal,
        );
      return untilNotNew(created.droplet.id, signal);
    },

    async waitAdopted(droplet, signal) {
      if (droplet.status !== 'new') return droplet;
      // The interrupted call never saw the create action; the droplet's action list has it.
      const create = (await api.dropletActions(String(droplet.id), signal)).find(
        (a) => a.type === 'create',
      );
      if (create !== undefined)
        await waitForAction(api, config, create.id, `create of droplet ${droplet.id}`, signal);
      return untilNotNew(droplet.id, signal);
    },

    destroy: (created, signal) => api.deleteDroplet(String(created.droplet.id), signal),

    describe: (droplet) => toInstance(droplet),
  };
}
