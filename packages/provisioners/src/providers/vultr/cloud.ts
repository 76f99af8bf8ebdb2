import { cloudInitUserData } from '../../cloud-init';
import { ProvisionerError } from '../../errors';
import { resourceName } from '../../naming';
import { pollUntil } from '../../poll';
import { parseOfferingConfig } from '../_tagged-cloud/deps';
import { pickSize } from '../_tagged-cloud/pick-size';
import type { TaggedCloud } from '../_tagged-cloud/provision-flow';
import { contractTag, isManagedFor, MANAGED_TAG } from '../_tagged-cloud/tags';
import type { VultrApi } from './api';
import { type VultrConfig, type VultrOfferingConfig, VultrOfferingConfigSchema } from './config';
import { toInstance } from './convert';
import type { VultrCreateInstance, VultrInstance } from './wire';

const REGION = /^[a-z0-9-]{2,16}$/;
const some = (ids: readonly string[]) =>
  ids.length === 0
    ? 'none'
    : ids.length > 10
      ? `${ids.slice(0, 10).join(', ')}, ...`
      : ids.join(', ');

/**
 * Checks that `plan` can be ordered in `region` now. The availability list only holds plans in
 * stock, so a miss is told apart: a plan that does not exist or is never sold there is
 * `invalid_config` (no retry helps), one that is only sold out is `capacity_unavailable`.
 */
async function checkPlan(
  api: VultrApi,
  plan: string,
  region: string,
  available: readonly string[],
  signal?: AbortSignal,
): Promise<void> {
  if (available.includes(plan)) return;
  const known = (await api.plans(signal)).find((p) => p.id === plan);
  if (known === undefined) {
    throw new ProvisionerError(
      'invalid_config',
      `plan "${plan}" does not exist at Vultr; plans in stock in region "${region}": ${some(available)}`,
    );
  }
  if (!known.locations.includes(region)) {
    throw new ProvisionerError(
      'invalid_config',
      `plan "${plan}" is not sold in region "${region}"; plans in stock there: ${some(available)}`,
    );
  }
  throw new ProvisionerError(
    'capacity_unavailable',
    `plan "${plan}" is out of stock in region "${region}" now; plans in stock there: ${some(available)}`,
  );
}

/** The OS or image to install: offering config, then provisioner config, then a numeric request image. */
function chooseImage(
  offering: VultrOfferingConfig,
  config: VultrConfig,
  requestImage: string,
): { os_id: number } | { image_id: string } {
  if (offering.osId !== undefined) return { os_id: offering.osId };
  if (offering.imageId !== undefined) return { image_id: offering.imageId };
  if (config.osId !== undefined) return { os_id: config.osId };
  if (config.imageId !== undefined) return { image_id: config.imageId };
  if (/^\d{1,9}$/.test(requestImage)) return { os_id: Number(requestImage) };
  throw new ProvisionerError(
    'invalid_config',
    `no Vultr operating system for image "${requestImage}": set osId (an id from GET /v2/os) or imageId in the provisioner or offering config`,
  );
}

/** The Vultr side of the shared tagged-cloud provisioning flow. */
export function vultrCloud(
  api: VultrApi,
  config: VultrConfig,
): TaggedCloud<VultrInstance, VultrCreateInstance, VultrInstance> {
  // Vultr has no action to poll: the instance goes pending → active, power stopped → running.
  const untilRunning = (id: string, signal?: AbortSignal) =>
    pollUntil(
      async () => {
        const i = await api.instance(id, signal);
        if (i === null)
          throw new ProvisionerError(
            'upstream_error',
            `instance ${id} disappeared while being deployed`,
          );
        if (i.status === 'active' && i.power_status === 'running') return i;
        if (i.status === 'pending' || i.status === 'active' || i.status === 'resizing')
          return undefined;
        throw new ProvisionerError(
          'upstream_error',
          `Vultr instance ${id} did not deploy: status ${i.status}, power ${i.power_status}, server ${i.server_status}`,
          {
            retryable: true,
            upstreamCode: `status_${i.status}`,
          },
        );
      },
      {
        intervalMs: config.pollIntervalMs,
        timeoutMs: config.createTimeoutMs,
        signal,
        what: `instance ${id} to be active and running`,
      },
    );

  return {
    keys: api.keys,

    async findByContract(contractId, signal) {
      const tagged = await api.instancesByTag(contractTag(contractId), signal);
      return tagged
        .filter((i) => isManagedFor(i.tags, contractId))
        .sort((a, b) => a.date_created.localeCompare(b.date_created));
    },

    async prepare(request, signal) {
      const offering = parseOfferingConfig(VultrOfferingConfigSchema, request.config, 'vultr');
      const region = offering.region ?? config.region ?? request.location;
      if (!REGION.test(region)) {
        throw new ProvisionerError(
          'invalid_request',
          `location "${region}" is not a Vultr region id (such as "fra"); set region in the provisioner or offering config`,
        );
      }
      const image = chooseImage(offering, config, request.image);
      const available = await api.availablePlans(region, signal);
      if (available === null)
        throw new ProvisionerError('invalid_config', `region "${region}" does not exist at Vultr`);
      const explicit = offering.plan ?? config.plans?.[request.offeringId] ?? config.plan;
      let plan: string;
      if (explicit !== undefined) {
        await checkPlan(api, explicit, region, available, signal);
        plan = explicit;
      } else {
        const options = (await api.plans(signal))
          .filter((p) => p.locations.includes(region))
          .map((p) => ({
            id: p.id,
            vcpus: p.vcpu_count,
            memoryMiB: p.ram,
            diskGiB: p.disk,
            monthlyPrice: p.monthly_cost,
            availableInRegion: available.includes(p.id),
          }));
        plan = pickSize(options, request, `region ${region}`).id;
      }
      const name = resourceName(request.contractId);
      return {
        region,
        plan,
        label: name,
        hostname: name,
        tags: [MANAGED_TAG, contractTag(request.contractId)],
        ...image,
        sshkey_id: [],
        // Vultr wants user data base64-encoded.
        user_data: Buffer.from(cloudInitUserData(request), 'utf8').toString('base64'),
        enable_ipv6: true,
        backups: 'disabled',
        activation_email: false,
      };
    },

    create: (spec, sshKeyIds, signal) =>
      api.createInstance({ ...spec, sshkey_id: [...sshKeyIds] }, signal),

    waitCreated: (created, signal) => untilRunning(created.id, signal),

    async waitAdopted(instance, signal) {
      // Found active: it finished deploying; a halted one is adopted as it is.
      return instance.status === 'active' ? instance : untilRunning(instance.id, signal);
    },

    destroy: (created, signal) => api.deleteInstance(created.id, signal),

    describe: (instance, created) => toInstance(instance, created?.default_password),
  };
}
