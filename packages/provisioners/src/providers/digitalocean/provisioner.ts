import { ProvisionerError } from '../../errors';
import { createHttpClient } from '../../http/client';
import { silentLogger } from '../../logger';
import type { Provisioner } from '../../provisioner';
import type { Capabilities } from '../../types';
import { lazy, type ProvisionerDeps, parseConfig } from '../_tagged-cloud/deps';
import { provisionTagged } from '../_tagged-cloud/provision-flow';
import { loadSecret } from '../_tagged-cloud/secret';
import { removeContractKeys } from '../_tagged-cloud/ssh-keys';
import { contractIdFromTags, isManaged, MANAGED_TAG } from '../_tagged-cloud/tags';
import { DigitalOceanApi } from './api';
import { digitalOceanCloud, waitForAction } from './cloud';
import { type DigitalOceanConfigInput, DigitalOceanConfigSchema } from './config';
import { DIGITALOCEAN_KIND, toHealth, toInstance, toManaged } from './convert';
import { classifyDigitalOceanError } from './errors';
import { verifyDigitalOcean } from './verify';
import type { DoDroplet } from './wire';

/**
 * What the DigitalOcean provisioner can do. `resetPassword` is false: the API's `password_reset`
 * action e-mails a new root password to the account owner and never returns it, so the agent
 * could not hand it to the renter (and the droplet has password login off anyway).
 */
export const DIGITALOCEAN_CAPABILITIES: Capabilities = {
  stop: true,
  resetPassword: false,
  resize: false,
  list: true,
};

function dropletId(externalId: string): string {
  if (!/^\d{1,19}$/.test(externalId)) {
    throw new ProvisionerError(
      'invalid_request',
      `externalId "${externalId.slice(0, 40)}" is not a DigitalOcean droplet id (digits expected)`,
    );
  }
  return externalId;
}

/**
 * The DigitalOcean provisioner: droplets tagged `dc-managed` and `dc-contract-<contract id>`,
 * adopted by tag lookup, created with cloud-init user data and the renter's SSH keys (stored as
 * account keys only while the droplet is created, so DigitalOcean does not e-mail a root
 * password), and waited for through the create action. Throws `invalid_config` for a config
 * that does not parse; a bad token only shows up in `verifySetup` and as `auth_failed`.
 */
export function createDigitalOceanProvisioner(
  input: DigitalOceanConfigInput,
  deps: ProvisionerDeps = {},
): Provisioner {
  const config = parseConfig(DigitalOceanConfigSchema, input, 'digitalocean');
  const logger = deps.logger ?? silentLogger;
  const getApi = lazy(async () => {
    const token = await loadSecret({ value: config.token, file: config.tokenFile }, 'token');
    const http = createHttpClient({
      baseUrl: config.baseUrl,
      headers: { authorization: `Bearer ${token}` },
      logger,
      classify: classifyDigitalOceanError,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      ...(deps.retry ? { retry: deps.retry } : {}),
    });
    return new DigitalOceanApi(http, config.pageSize);
  });

  /** A droplet we made, `null` when gone; a droplet without our tag is refused. */
  async function ours(
    externalId: string,
    action: string,
    signal?: AbortSignal,
  ): Promise<DoDroplet | null> {
    const droplet = await (await getApi()).droplet(dropletId(externalId), signal);
    if (droplet !== null && !isManaged(droplet.tags)) {
      throw new ProvisionerError(
        'invalid_request',
        `droplet ${externalId} has no ${MANAGED_TAG} tag: refusing to ${action} a server this provisioner did not make`,
      );
    }
    return droplet;
  }

  async function power(
    externalId: string,
    type: 'power_on' | 'power_off',
    signal?: AbortSignal,
  ): Promise<void> {
    const droplet = await ours(externalId, type === 'power_on' ? 'start' : 'stop', signal);
    if (droplet === null)
      throw new ProvisionerError('not_found', `droplet ${externalId} does not exist`);
    if (
      (type === 'power_off' && droplet.status === 'off') ||
      (type === 'power_on' && droplet.status === 'active')
    )
      return;
    const api = await getApi();
    const action = await api.dropletAction(externalId, type, signal);
    await waitForAction(api, config, action.id, `${type} of droplet ${externalId}`, signal);
  }

  return {
    kind: DIGITALOCEAN_KIND,
    capabilities: DIGITALOCEAN_CAPABILITIES,

    verifySetup: () => verifyDigitalOcean(config, getApi),

    async provision(request, ctx) {
      const api = await getApi();
      return provisionTagged(digitalOceanCloud(api, config), request, logger, ctx?.signal);
    },

    async getInstance(externalId, ctx) {
      const droplet = await (await getApi()).droplet(dropletId(externalId), ctx?.signal);
      // A droplet without our tag is not one of ours: report it as absent.
      return droplet !== null && isManaged(droplet.tags) ? toInstance(droplet) : null;
    },

    async listInstances(ctx) {
      const droplets = await (await getApi()).dropletsByTag(MANAGED_TAG, ctx?.signal);
      return droplets.map(toManaged).filter((m) => m !== null);
    },

    async terminate(externalId, ctx) {
      const droplet = await ours(externalId, 'delete', ctx?.signal);
      if (droplet === null) return;
      const api = await getApi();
      await api.deleteDroplet(externalId, ctx?.signal);
      const contractId = contractIdFromTags(droplet.tags);
      if (contractId !== null) await removeContractKeys(api.keys, contractId, logger, ctx?.signal);
    },

    async health(externalId, ctx) {
      return toHealth(await (await getApi()).droplet(dropletId(externalId), ctx?.signal));
    },

    stop: (externalId, ctx) => power(externalId, 'power_off', ctx?.signal),
    start: (externalId, ctx) => power(externalId, 'power_on', ctx?.signal),
  };
}
