import { ProvisionerError } from '../../errors';
import { createHttpClient } from '../../http/client';
import { silentLogger } from '../../logger';
import { pollUntil } from '../../poll';
import type { Provisioner } from '../../provisioner';
import type { Capabilities } from '../../types';
import { lazy, type ProvisionerDeps, parseConfig } from '../_tagged-cloud/deps';
import { provisionTagged } from '../_tagged-cloud/provision-flow';
import { loadSecret } from '../_tagged-cloud/secret';
import { removeContractKeys } from '../_tagged-cloud/ssh-keys';
import { contractIdFromTags, isManaged, MANAGED_TAG } from '../_tagged-cloud/tags';
import { VultrApi } from './api';
import { vultrCloud } from './cloud';
import { type VultrConfigInput, VultrConfigSchema } from './config';
import { toHealth, toInstance, toManaged, VULTR_KIND } from './convert';
import { classifyVultrError } from './errors';
import { verifyVultr } from './verify';
import type { VultrInstance } from './wire';

/**
 * What the Vultr provisioner can do. `resetPassword` is false: the API has no call that sets or
 * returns a new root password for a running instance (the only one, `default_password`, comes
 * once in the create answer and is handed over as `Instance.rootPassword`); `reinstall` would
 * wipe the disk.
 */
export const VULTR_CAPABILITIES: Capabilities = {
  stop: true,
  resetPassword: false,
  resize: false,
  list: true,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function instanceId(externalId: string): string {
  if (!UUID.test(externalId)) {
    throw new ProvisionerError(
      'invalid_request',
      `externalId "${externalId.slice(0, 40)}" is not a Vultr instance id (a UUID expected)`,
    );
  }
  return externalId;
}

/**
 * The Vultr provisioner: instances tagged `dc-managed` and `dc-contract-<contract id>` and
 * labelled with the resource name, adopted by tag lookup, plan × region stock checked before
 * creating, created with base64 cloud-init user data and the renter's SSH keys (account keys kept
 * only while the instance is created), and waited for until active and running. Throws
 * `invalid_config` for a config that does not parse; a bad key only shows up in `verifySetup`
 * and as `auth_failed`.
 */
export function createVultrProvisioner(
  input: VultrConfigInput,
  deps: ProvisionerDeps = {},
): Provisioner {
  const config = parseConfig(VultrConfigSchema, input, 'vultr');
  const logger = deps.logger ?? silentLogger;
  const getApi = lazy(async () => {
    const apiKey = await loadSecret({ value: config.apiKey, file: config.apiKeyFile }, 'apiKey');
    const http = createHttpClient({
      baseUrl: config.baseUrl,
      headers: { authorization: `Bearer ${apiKey}` },
      logger,
      classify: classifyVultrError,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.retry ? { retry: deps.retry } : {}),
    });
    return new VultrApi(http, config.pageSize);
  });

  /** An instance we made, `null` when gone; an instance without our tag is refused. */
  async function ours(
    externalId: string,
    action: string,
    signal?: AbortSignal,
  ): Promise<VultrInstance | null> {
    const instance = await (await getApi()).instance(instanceId(externalId), signal);
    if (instance !== null && !isManaged(instance.tags)) {
      throw new ProvisionerError(
        'invalid_request',
        `instance ${externalId} has no ${MANAGED_TAG} tag: refusing to ${action} a server this provisioner did not make`,
      );
    }
    return instance;
  }

  async function power(
    externalId: string,
    action: 'halt' | 'start',
    signal?: AbortSignal,
  ): Promise<void> {
    const want = action === 'halt' ? 'stopped' : 'running';
    const instance = await ours(externalId, action === 'halt' ? 'stop' : 'start', signal);
    if (instance === null)
      throw new ProvisionerError('not_found', `instance ${externalId} does not exist`);
    if (instance.power_status === want) return;
    const api = await getApi();
    await api.power(externalId, action, signal);
    await pollUntil(
      async () =>
        (await api.instance(externalId, signal))?.power_status === want ? true : undefined,
      {
        intervalMs: config.pollIntervalMs,
        timeoutMs: config.createTimeoutMs,
        signal,
        what: `instance ${externalId} to be ${want}`,
      },
    );
  }

  return {
    kind: VULTR_KIND,
    capabilities: VULTR_CAPABILITIES,

    verifySetup: () => verifyVultr(config, getApi),

    async provision(request, ctx) {
      return provisionTagged(vultrCloud(await getApi(), config), request, logger, ctx?.signal);
    },

    async getInstance(externalId, ctx) {
      const instance = await (await getApi()).instance(instanceId(externalId), ctx?.signal);
      // An instance without our tag is not one of ours: report it as absent.
      return instance !== null && isManaged(instance.tags) ? toInstance(instance) : null;
    },

    async listInstances(ctx) {
      const instances = await (await getApi()).instancesByTag(MANAGED_TAG, ctx?.signal);
      return instances.map(toManaged).filter((m) => m !== null);
    },

    async terminate(externalId, ctx) {
      const instance = await ours(externalId, 'delete', ctx?.signal);
      if (instance === null) return;
      const api = await getApi();
      await api.deleteInstance(externalId, ctx?.signal);
      const contractId = contractIdFromTags(instance.tags);
      if (contractId !== null) await removeContractKeys(api.keys, contractId, logger, ctx?.signal);
    },

    async health(externalId, ctx) {
      return toHealth(await (await getApi()).instance(instanceId(externalId), ctx?.signal));
    },

    stop: (externalId, ctx) => power(externalId, 'halt', ctx?.signal),
    start: (externalId, ctx) => power(externalId, 'start', ctx?.signal),
  };
}
