import { cloudInitUserData } from '../../cloud-init';
import { isProvisionerError, ProvisionerError } from '../../errors';
import type { RetryPolicy } from '../../http/retry';
import { type Logger, silentLogger } from '../../logger';
import { resourceName } from '../../naming';
import { pollUntil } from '../../poll';
import type { Provisioner } from '../../provisioner';
import {
  type CallContext,
  type Capabilities,
  type Health,
  type Instance,
  type ManagedInstance,
  type ProvisionRequest,
  ProvisionRequestSchema,
  type SetupReport,
} from '../../types';
import { ActionWaiter } from './action-waiter';
import type { HAction, HCallOptions, HetznerApi, HServer, HSshKey } from './api';
import { checkLocation, chooseServerType, HetznerCatalog, type ServerPlan } from './catalog';
import {
  describeIssues,
  type HetznerConfig,
  type HetznerConfigInput,
  HetznerRequestConfigSchema,
  parseHetznerConfig,
} from './config';
import { HETZNER_KIND, toHealth, toInstance, toManagedInstance } from './convert';
import { asProvisionerError } from './errors';
import { createHcloudAdapter } from './hcloud-adapter';
import {
  contractIdOf,
  contractSelector,
  isManaged,
  MANAGED_SELECTOR,
  resourceLabels,
  sshKeyIdsOf,
  sshKeysLabel,
} from './labels';
import { sshKeyMd5Fingerprint } from './ssh-fingerprint';
import { loadToken, tokenFileModeWarning } from './token';

/** Options of {@link createHetznerProvisioner}. */
export interface HetznerProvisionerOptions {
  readonly logger?: Logger;
  /**
   * Custom fetch for the calls hcloud-js cannot make, which then go through the shared HTTP
   * client instead of hcloud-js's axios instance (tests, proxies).
   */
  readonly fetch?: typeof fetch;
  /** Retry policy of every API call (tests shorten the waits). */
  readonly retry?: RetryPolicy;
  /** Replaces the hcloud-js adapter: another client library, or a test double. */
  readonly api?: HetznerApi;
}

const CAPABILITIES: Capabilities = { stop: true, resetPassword: true, resize: false, list: true };
/** How many SSH keys (by fingerprint) a provisioner remembers as being in the project. */
const KNOWN_KEYS_MAX = 10_000;
// Server states that end by themselves once the create/start actions finish.
const SETTLING = new Set(['initializing', 'starting']);

/**
 * Creates the Hetzner Cloud provisioner (spec: agent-protocol.md §5). Throws `invalid_config`
 * for a configuration that does not parse; problems only the API can reveal (bad token,
 * unknown location or image) are reported by `verifySetup`.
 *
 * ```ts
 * const hetzner = createHetznerProvisioner({ tokenFile: '/etc/dc/hetzner-token', location: 'fsn1' }, { logger });
 * ```
 */
export function createHetznerProvisioner(
  config: HetznerConfigInput,
  options: HetznerProvisionerOptions = {},
): Provisioner {
  return new HetznerProvisioner(parseHetznerConfig(config), options);
}

class HetznerProvisioner implements Provisioner {
  readonly kind = HETZNER_KIND;
  readonly capabilities = CAPABILITIES;
  readonly #config: HetznerConfig;
  readonly #options: HetznerProvisionerOptions;
  readonly #logger: Logger;
  #api: Promise<Client> | undefined;
  /**
   * SSH keys this provisioner uploaded or found in the project, by fingerprint: the id, and the
   * contract it was made for. Used without asking Hetzner again; forgotten when this provisioner
   * deletes the key, and when a create refuses it (deleted by someone else meanwhile).
   */
  readonly #knownKeys = new Map<string, KnownKey>();

  constructor(config: HetznerConfig, options: HetznerProvisionerOptions) {
    this.#config = config;
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  async verifySetup(ctx: CallContext = {}): Promise<SetupReport> {
    const errors: string[] = [];
    const warnings: string[] = [];
    const o = { signal: ctx.signal };
    const modeWarning = await tokenFileModeWarning(this.#config.tokenFile);
    if (modeWarning !== null) warnings.push(modeWarning);
    try {
      const { catalog } = await this.#client();
      catalog.clear();
      const locations = await catalog.locations(o);
      const location = this.#config.location;
      if (!locations.some((l) => l.name === location)) {
        errors.push(
          `location "${location}" does not exist at Hetzner; locations: ${locations.map((l) => l.name).join(', ')}`,
        );
      }
      const types = await catalog.serverTypes(o);
      const named = this.#config.serverType;
      const names =
        named === undefined
          ? []
          : typeof named === 'string'
            ? [named]
            : [...new Set(Object.values(named))];
      const architectures = new Set<'x86' | 'arm'>();
      for (const name of names) {
        const type = types.find((t) => t.name === name);
        if (type === undefined) {
          errors.push(
            `server type "${name}" does not exist at Hetzner; server types: ${types.map((t) => t.name).join(', ')}`,
          );
          continue;
        }
        architectures.add(type.architecture);
        if (!type.monthlyNetByLocation.has(location)) {
          warnings.push(
            `server type "${name}" is not sold in the default location "${location}" (sold in ${[...type.monthlyNetByLocation.keys()].join(', ')})`,
          );
        }
        if (type.deprecated) warnings.push(`server type "${name}" is deprecated by Hetzner`);
      }
      // The default image must exist for every architecture it may be used with.
      if (architectures.size === 0) architectures.add(this.#config.architecture);
      for (const architecture of architectures) {
        try {
          await catalog.image(this.#config.image, architecture, o);
        } catch (error) {
          errors.push(`default image: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } catch (error) {
      errors.push(setupError(error, this.#config.baseUrl));
    }
    return { ok: errors.length === 0, errors, warnings };
  }

  async provision(input: ProvisionRequest, ctx: CallContext = {}): Promise<Instance> {
    const parsed = ProvisionRequestSchema.safeParse(input);
    if (!parsed.success)
      throw new ProvisionerError(
        'invalid_request',
        `provision request: ${describeIssues(parsed.error.issues)}`,
        { retryable: false },
      );
    const request = parsed.data;
    const requestConfig = HetznerRequestConfigSchema.safeParse(request.config);
    if (!requestConfig.success) {
      throw new ProvisionerError(
        'invalid_config',
        `offering config for hetzner: ${describeIssues(requestConfig.error.issues)}`,
        { retryable: false },
      );
    }
    const o = { signal: ctx.signal };
    const contractId = request.contractId;
    const { api, catalog } = await this.#client();

    // A first attempt made nothing yet; any other may have (a crash after the create): adopt.
    // Skipped or not, a server of this contract that exists makes the create fail on its name,
    // and is then adopted below.
    if (request.firstAttempt !== true) {
      const existing = await this.#findServer(api, contractId, o);
      if (existing !== null) return this.#adopt(api, existing, contractId, o);
    }

    // Everything is checked before anything is created, so a bad request leaves nothing behind.
    const plan = await this.#plan(catalog, request, requestConfig.data, o);
    const name = serverName(contractId);
    const createdKeys: number[] = [];
    let serverId: number | null = null;
    try {
      const create = (keys: SshKeyChoice) =>
        api.createServer(
          {
            name,
            serverType: plan.serverType.name,
            image: plan.image,
            location: plan.location,
            sshKeyIds: keys.ids,
            userData: cloudInitUserData(request),
            // The ids of the keys made for this contract, so terminate deletes them directly.
            labels: {
              ...resourceLabels(contractId, this.#config.labels),
              ...sshKeysLabel(keys.owned),
            },
          },
          o,
        );
      let keys = await this.#ensureSshKeys(api, request, createdKeys, o);
      let created: Awaited<ReturnType<HetznerApi['createServer']>>;
      try {
        try {
          created = await create(keys);
        } catch (error) {
          // A remembered key may have been deleted meanwhile (by hand, by another agent of the
          // project): Hetzner refuses the create, which made nothing; look the keys up again.
          if (keys.remembered.length === 0 || !isStaleKeyRefusal(error)) throw error;
          for (const fingerprint of keys.remembered) this.#knownKeys.delete(fingerprint);
          keys = await this.#ensureSshKeys(api, request, createdKeys, o);
          created = await create(keys);
        }
      } catch (error) {
        if (isProvisionerError(error) && error.upstreamCode === 'uniqueness_error') {
          // Another attempt for the same contract won the race: adopt its server.
          const raced = await this.#findServer(api, contractId, o);
          if (raced !== null) {
            createdKeys.length = 0;
            return await this.#adopt(api, raced, contractId, o);
          }
          throw new ProvisionerError(
            'conflict',
            `a server named "${name}" already exists in the Hetzner project but is not labelled for contract ${contractId}; rename or delete it`,
            { retryable: false, cause: error },
          );
        }
        throw error;
      }
      serverId = created.server.id;
      // Debug: the caller logs the outcome; this is the id to look for if the waiting fails.
      this.#logger.debug(
        { contractId, serverId, serverType: plan.serverType.name, location: plan.location },
        'hetzner server created',
      );
      await this.#waitActions(
        [created.action, ...created.nextActions],
        `server ${serverId} to be created`,
        o,
      );
      // The create answer already holds the addresses; once its start_server action succeeded
      // the server is running, so only a create without one needs another look.
      const started = created.nextActions.some((a) => a.command === 'start_server');
      const server = started
        ? { ...created.server, status: 'running' }
        : await api.getServer(serverId, o);
      if (server === null)
        throw new ProvisionerError(
          'upstream_error',
          `server ${serverId} disappeared right after it was created`,
        );
      return toInstance(server, contractId, created.rootPassword);
    } catch (error) {
      await this.#cleanup(api, contractId, serverId, createdKeys);
      throw asProvisionerError(error, `provisioning contract ${contractId} on Hetzner`);
    }
  }

  async getInstance(externalId: string, ctx: CallContext = {}): Promise<Instance | null> {
    const { api } = await this.#client();
    const server = await api.getServer(serverIdOf(externalId), { signal: ctx.signal });
    // A server without our label is not ours to report.
    if (server === null || !isManaged(server.labels)) return null;
    return toInstance(server, contractIdOf(server.labels) ?? '');
  }

  async listInstances(ctx: CallContext = {}): Promise<ManagedInstance[]> {
    const { api } = await this.#client();
    const servers = await api.listServers(
      { labelSelector: MANAGED_SELECTOR },
      { signal: ctx.signal },
    );
    const out: ManagedInstance[] = [];
    for (const server of servers) {
      const managed = isManaged(server.labels) ? toManagedInstance(server) : null;
      if (managed !== null) out.push(managed);
      else
        this.#logger.warn(
          { serverId: server.id },
          'hetzner server labelled dc-managed has no readable contract label; skipped',
        );
    }
    return out;
  }

  async terminate(externalId: string, ctx: CallContext = {}): Promise<void> {
    const o = { signal: ctx.signal };
    const { api } = await this.#client();
    const id = serverIdOf(externalId);
    const server = await api.getServer(id, o);
    if (server === null) {
      this.#logger.info({ serverId: id }, 'hetzner server already gone');
      return;
    }
    assertManaged(server);
    // Keys first: they are only read when a server is created, and a server still present
    // lets a retried terminate find them through its contract label.
    const contractId = contractIdOf(server.labels);
    // The server lists the keys made for it; an older one (no list) has them found by label.
    const keyIds = sshKeyIdsOf(server.labels);
    if (keyIds !== null) await this.#deleteKeys(api, keyIds, o);
    else if (contractId !== null) await this.#deleteKeysOf(api, contractId, [], o);
    const action = await api.deleteServer(id, o);
    if (action !== null) await this.#waitActions([action], `server ${id} to be deleted`, o);
    this.#logger.debug({ serverId: id, contractId }, 'hetzner server deleted');
  }

  async health(externalId: string, ctx: CallContext = {}): Promise<Health> {
    const { api } = await this.#client();
    const server = await api.getServer(serverIdOf(externalId), { signal: ctx.signal });
    if (server !== null && !isManaged(server.labels))
      return { state: 'unknown', reason: `server ${externalId} is not managed by Decent Cloud` };
    return toHealth(server);
  }

  async resetPassword(externalId: string, ctx: CallContext = {}): Promise<string> {
    const o = { signal: ctx.signal };
    const { api } = await this.#client();
    const server = await this.#managedServer(api, externalId, o);
    const { action, rootPassword } = await api.resetPassword(server.id, o);
    await this.#waitActions([action], `the root password of server ${server.id} to be reset`, o);
    return rootPassword;
  }

  async stop(externalId: string, ctx: CallContext = {}): Promise<void> {
    await this.#power(externalId, 'poweroff', ctx);
  }

  async start(externalId: string, ctx: CallContext = {}): Promise<void> {
    await this.#power(externalId, 'poweron', ctx);
  }

  async #power(
    externalId: string,
    command: 'poweron' | 'poweroff',
    ctx: CallContext,
  ): Promise<void> {
    const o = { signal: ctx.signal };
    const { api } = await this.#client();
    const server = await this.#managedServer(api, externalId, o);
    const action = await api.powerAction(server.id, command, o);
    await this.#waitActions([action], `${command} of server ${server.id}`, o);
  }

  async #managedServer(api: HetznerApi, externalId: string, o: HCallOptions): Promise<HServer> {
    const server = await api.getServer(serverIdOf(externalId), o);
    if (server === null)
      throw new ProvisionerError('not_found', `Hetzner server ${externalId} does not exist`, {
        retryable: false,
      });
    assertManaged(server);
    return server;
  }

  /** The API adapter, built on first use (the token file is read then, not at construction). */
  #client(): Promise<Client> {
    if (this.#api === undefined) {
      const pending = (async () => {
        const api =
          this.#options.api ??
          createHcloudAdapter({
            baseUrl: this.#config.baseUrl,
            token: await loadToken(this.#config),
            timeoutMs: this.#config.timeoutMs,
            logger: this.#logger,
            retry: this.#options.retry,
            fetch: this.#options.fetch,
          });
        return {
          api,
          catalog: new HetznerCatalog(api, this.#config.catalogTtlMs),
          waiter: new ActionWaiter(api, this.#config.pollIntervalMs),
        };
      })();
      this.#api = pending;
      // A missing token file may be fixed later: do not keep the failure.
      pending.catch(() => {
        if (this.#api === pending) this.#api = undefined;
      });
    }
    return this.#api;
  }

  /** The server labelled for this contract (full id checked), oldest first if several. */
  async #findServer(api: HetznerApi, contractId: string, o: HCallOptions): Promise<HServer | null> {
    const servers = (await api.listServers({ labelSelector: contractSelector(contractId) }, o))
      .filter((s) => isManaged(s.labels) && contractIdOf(s.labels) === contractId)
      .sort((a, b) => a.id - b.id);
    if (servers.length > 1) {
      this.#logger.error(
        { contractId, serverIds: servers.map((s) => s.id) },
        'several hetzner servers carry one contract label; adopting the oldest',
      );
    }
    return servers[0] ?? null;
  }

  /** Returns an existing server for the contract, after it finished booting. */
  async #adopt(
    api: HetznerApi,
    server: HServer,
    contractId: string,
    o: HCallOptions,
  ): Promise<Instance> {
    this.#logger.info(
      { contractId, serverId: server.id, status: server.status },
      'adopting existing hetzner server',
    );
    let current = server;
    if (SETTLING.has(current.status)) {
      current = await pollUntil(
        async () => {
          const now = await api.getServer(server.id, o);
          if (now === null)
            throw new ProvisionerError(
              'not_found',
              `server ${server.id} disappeared while it was starting`,
            );
          return SETTLING.has(now.status) ? undefined : now;
        },
        {
          intervalMs: this.#config.pollIntervalMs,
          // It was starting when just listed.
          firstCheckAfterMs: this.#config.pollIntervalMs,
          timeoutMs: this.#config.actionTimeoutMs,
          signal: o.signal,
          what: `server ${server.id} to finish starting`,
        },
      );
    }
    return toInstance(current, contractId);
  }

  async #plan(
    catalog: HetznerCatalog,
    request: ProvisionRequest,
    offering: {
      serverType?: string | undefined;
      location?: string | undefined;
      image?: string | undefined;
    },
    o: HCallOptions,
  ): Promise<ServerPlan> {
    const location =
      offering.location ??
      (request.location === 'default' ? this.#config.location : request.location);
    const image =
      offering.image ?? (request.image === 'default' ? this.#config.image : request.image);
    const configured = this.#config.serverType;
    const name =
      offering.serverType ??
      (typeof configured === 'string' ? configured : configured?.[request.offeringId]);
    const [locations, types] = await Promise.all([catalog.locations(o), catalog.serverTypes(o)]);
    checkLocation(locations, location);
    const serverType = chooseServerType(types, {
      name,
      location,
      architecture: this.#config.architecture,
      cpuCores: request.cpuCores,
      memoryMiB: request.memoryMiB,
      diskGiB: request.diskGiB,
    });
    const chosen = await catalog.image(image, serverType.architecture, o);
    // The id names the build for this architecture; a name would leave the choice to Hetzner.
    return { location, serverType, image: String(chosen.id) };
  }

  /**
   * SSH key ids for the request: a key this provisioner knows is used as is, a new one uploaded
   * with our labels, one already in the project (a refused upload) looked up by fingerprint.
   * `owned` are the keys made for this contract, deleted with its server.
   */
  async #ensureSshKeys(
    api: HetznerApi,
    request: ProvisionRequest,
    created: number[],
    o: HCallOptions,
  ): Promise<SshKeyChoice> {
    const choice: SshKeyChoice = { ids: [], owned: [], remembered: [] };
    const seen = new Set<string>();
    const { contractId } = request;
    for (const [index, key] of request.sshPublicKeys.entries()) {
      const fingerprint = sshKeyMd5Fingerprint(key);
      if (fingerprint === null) {
        throw new ProvisionerError(
          'invalid_request',
          `sshPublicKeys[${index}]: not a valid OpenSSH public key (expected "type base64 [comment]")`,
          {
            retryable: false,
          },
        );
      }
      if (seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      // A key this provisioner already met (a renter's second server, the provider's own key)
      // costs no call; if it was deleted meanwhile the create says so and it is looked up again.
      const known = this.#knownKeys.get(fingerprint);
      if (known !== undefined) {
        choice.ids.push(known.id);
        choice.remembered.push(fingerprint);
        if (known.contractId === contractId) choice.owned.push(known.id);
        continue;
      }
      // Uploaded first and looked up by fingerprint only when Hetzner refuses it as a duplicate
      // (fingerprints are unique in a project): a key new to the project, the usual case, costs
      // one call instead of two.
      try {
        const made = await api.createSshKey(
          {
            name: `${serverName(contractId)}-${fingerprint.replace(/:/g, '').slice(0, 12)}`,
            publicKey: key,
            labels: resourceLabels(contractId, this.#config.labels),
          },
          o,
        );
        created.push(made.id);
        choice.ids.push(made.id);
        choice.owned.push(made.id);
        this.#rememberKey(fingerprint, { id: made.id, contractId });
      } catch (error) {
        // Already in the project (the provider's own key, one uploaded for another contract or
        // by a parallel provision): reuse it.
        if (!(isProvisionerError(error) && error.upstreamCode === 'uniqueness_error')) throw error;
        const [existing] = await api.listSshKeys({ fingerprint }, o);
        if (existing === undefined) throw error;
        // Made for this contract by an earlier attempt (a crash before the server was created):
        // it goes with this server like one uploaded now.
        const owner = ownerOf(existing);
        if (owner === contractId) choice.owned.push(existing.id);
        this.#rememberKey(fingerprint, { id: existing.id, contractId: owner });
        choice.ids.push(existing.id);
      }
    }
    return choice;
  }

  #rememberKey(fingerprint: string, key: KnownKey): void {
    // Bounded: a key is cheap to look up again, memory in a long-running agent is not.
    if (this.#knownKeys.size >= KNOWN_KEYS_MAX) this.#knownKeys.clear();
    this.#knownKeys.set(fingerprint, key);
  }

  /** Deletes SSH keys by id (a missing one is fine) and forgets them. */
  async #deleteKeys(api: HetznerApi, ids: Iterable<number>, o: HCallOptions): Promise<void> {
    for (const id of ids) {
      await api.deleteSshKey(id, o);
      for (const [fingerprint, known] of this.#knownKeys)
        if (known.id === id) this.#knownKeys.delete(fingerprint);
    }
  }

  /** Waits for actions with the provisioner's shared poller (see {@link ActionWaiter}). */
  async #waitActions(actions: readonly HAction[], what: string, o: HCallOptions): Promise<void> {
    const { waiter } = await this.#client();
    await waiter.wait(actions, {
      what,
      timeoutMs: this.#config.actionTimeoutMs,
      signal: o.signal,
    });
  }

  /** Deletes what a failed provision made; never throws (the original error matters more). */
  async #cleanup(
    api: HetznerApi,
    contractId: string,
    serverId: number | null,
    createdKeys: readonly number[],
  ): Promise<void> {
    // No caller signal: an aborted provision must still clean up.
    const o: HCallOptions = {};
    if (serverId !== null) {
      try {
        const action = await api.deleteServer(serverId, o);
        if (action !== null)
          await this.#waitActions([action], `server ${serverId} to be deleted`, o);
      } catch (error) {
        this.#logger.error(
          { contractId, serverId, error: String(error) },
          'could not delete the server of a failed provision',
        );
      }
    }
    try {
      await this.#deleteKeysOf(api, contractId, createdKeys, o);
    } catch (error) {
      this.#logger.error(
        { contractId, error: String(error) },
        'could not delete the SSH keys of a failed provision',
      );
    }
  }

  /** Deletes the SSH keys labelled for a contract, and the listed ids. */
  async #deleteKeysOf(
    api: HetznerApi,
    contractId: string,
    ids: readonly number[],
    o: HCallOptions,
  ): Promise<void> {
    const labelled = await api
      .listSshKeys({ labelSelector: contractSelector(contractId) }, o)
      .catch((error: unknown) => {
        if (ids.length === 0) throw error;
        return [];
      });
    await this.#deleteKeys(api, new Set([...ids, ...labelled.map((k) => k.id)]), o);
  }
}

/** The API adapter of a provisioner, its catalog cache and its action poller. */
interface Client {
  readonly api: HetznerApi;
  readonly catalog: HetznerCatalog;
  readonly waiter: ActionWaiter;
}

/** An SSH key a provisioner met: its id and the contract it was made for (if any). */
interface KnownKey {
  readonly id: number;
  readonly contractId: string | null;
}

/** The SSH keys chosen for a server. */
interface SshKeyChoice {
  /** Every key to install. */
  readonly ids: number[];
  /** Those made for this contract (deleted with the server). */
  readonly owned: number[];
  /** Fingerprints of those taken from memory, without asking Hetzner. */
  readonly remembered: string[];
}

/** The contract a key was made for by us, or `null` (the provider's own, or labels unknown). */
function ownerOf(key: HSshKey): string | null {
  return key.labels !== undefined && isManaged(key.labels) ? contractIdOf(key.labels) : null;
}

/** Whether a refused create may be due to an SSH key id that no longer exists. */
function isStaleKeyRefusal(error: unknown): boolean {
  return (
    isProvisionerError(error) &&
    (error.upstreamCode === 'invalid_input' || error.upstreamCode === 'not_found')
  );
}

/**
 * `resourceName` of the contract as a host name, which Hetzner requires for a server name: a
 * host name cannot end with `-`, which `resourceName` yields for ids whose 12th character is
 * not alphanumeric. The labels, not the name, identify the contract.
 */
function serverName(contractId: string): string {
  return resourceName(contractId).replace(/-+$/, '');
}

function serverIdOf(externalId: string): number {
  if (!/^\d{1,15}$/.test(externalId)) {
    throw new ProvisionerError(
      'invalid_request',
      `externalId "${externalId}" is not a Hetzner server id (a decimal number)`,
      { retryable: false },
    );
  }
  return Number(externalId);
}

function assertManaged(server: HServer): void {
  if (!isManaged(server.labels)) {
    throw new ProvisionerError(
      'invalid_request',
      `Hetzner server ${server.id} ("${server.name}") has no dc-managed=true label: it was not made by Decent Cloud and is left alone`,
      { retryable: false },
    );
  }
}

function setupError(error: unknown, baseUrl: string): string {
  if (isProvisionerError(error)) {
    if (error.code === 'auth_failed') {
      return `Hetzner rejected the API token (${error.upstreamCode ?? 'unauthorized'}): create a Read & Write token in the Hetzner Cloud console (project > Security > API tokens)`;
    }
    if (error.code === 'invalid_config') return error.message;
    if (error.code === 'network_error' || error.code === 'timeout')
      return `cannot reach the Hetzner API at ${baseUrl}: ${error.message}`;
    return `Hetzner API check failed: ${error.message}`;
  }
  return `Hetzner API check failed: ${error instanceof Error ? error.message : String(error)}`;
}
