import { isProvisionerError, ProvisionerError } from '../../errors';
import type { RetryPolicy } from '../../http/retry';
import { type Logger, silentLogger } from '../../logger';
import { CONTRACT_LABEL, MANAGED_LABEL, resourceName } from '../../naming';
import { pollUntil } from '../../poll';
import type { Provisioner } from '../../provisioner';
import type {
  CallContext,
  Health,
  Instance,
  ManagedInstance,
  ProvisionRequest,
  SetupReport,
} from '../../types';
import { ParsedConfig } from '../_shared/parsed-config';
import { messageOf, parseRequest } from '../_shared/request';
import { type DockerConfig, type DockerConfigInput, DockerConfigSchema } from './config';
import { createBody, healthOf, imageFor, isManaged, toInstance, toManaged } from './convert';
import { imageMissing, pullImage } from './pull';
import { type RecipeOptions, type RecipeResult, readRecipe, runRecipe } from './recipe';
import { DockerClient, negotiate, olderApi } from './socket-client';
import type { WireContainerCreated, WireContainerInspect, WireContainerSummary } from './wire';

/** What {@link createDockerProvisioner} needs besides the config. */
export interface DockerProvisionerDeps {
  readonly logger?: Logger;
  /** Retry policy of Engine calls (tests shorten it). */
  readonly retry?: RetryPolicy;
  /** Wait between checks while a started container comes up, ms (default 250). */
  readonly pollIntervalMs?: number;
  /** Clock for uptimes, for tests. */
  readonly now?: () => number;
}

// Container ids and names only: an external id never becomes a path like `../../images`.
const CONTAINER_REF = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * The docker provisioner: one container per contract, running an SSH server image, over the
 * Engine API on its unix socket (spec: agent-protocol.md §5 "docker").
 *
 * - The container is named `dc-<contract prefix>` and labelled `dc-contract=<full id>`,
 *   `dc-managed=true`. `provision` first looks the label up and adopts what it finds (after a
 *   crash between create and start it starts it); a name conflict on create is adopted the
 *   same way when the existing container's label holds the full contract id, and refused when
 *   it does not.
 * - Limits: `NanoCpus = cores * 1e9`, `Memory = MiB * 2^20` (no extra swap); SSH is published
 *   on an ephemeral host port or one from `sshPortRange`; restart policy `unless-stopped`.
 * - A start that fails removes the container again, so a failed provision leaves nothing.
 * - Containers have no cloud-init, so a post-provision script runs through the Engine's exec
 *   endpoints once the container runs: put in as a file, run once per container (a marker
 *   file in the container says whether it ran, so an adopted container never runs it twice),
 *   its exit code and output tail reported in `Instance.recipe`, by `getInstance` too.
 *
 * A bad config never throws here: `verifySetup` lists the problems and every other call fails
 * with `invalid_config`.
 */
export function createDockerProvisioner(
  config: DockerConfigInput,
  deps: DockerProvisionerDeps = {},
): Provisioner {
  return new DockerProvisioner(config, deps);
}

class DockerProvisioner implements Provisioner {
  readonly kind = 'docker';
  readonly capabilities = { stop: true, resetPassword: false, resize: false, list: true };
  readonly #config: ParsedConfig<DockerConfig>;
  readonly #client: DockerClient | undefined;
  readonly #logger: Logger;
  readonly #deps: DockerProvisionerDeps;

  constructor(input: DockerConfigInput, deps: DockerProvisionerDeps) {
    this.#deps = deps;
    this.#logger = deps.logger ?? silentLogger;
    this.#config = new ParsedConfig(DockerConfigSchema, input, 'docker');
    const config = this.#config.value;
    this.#client =
      config === undefined
        ? undefined
        : new DockerClient({
            socketPath: config.socketPath,
            apiVersion: config.apiVersion,
            timeoutMs: config.timeoutMs,
            retry: deps.retry,
            logger: this.#logger,
          });
  }

  #ready(): { config: DockerConfig; client: DockerClient } {
    const config = this.#config.get();
    // The client is made exactly when the config parsed, so it exists once `get` returned.
    return { config, client: this.#client as DockerClient };
  }

  async verifySetup(ctx?: CallContext): Promise<SetupReport> {
    const failure = this.#config.setupFailure();
    if (failure !== null) return failure;
    const { config, client } = this.#ready();
    const signal = ctx?.signal;
    const errors: string[] = [];
    const warnings: string[] = [];
    try {
      const version = await client.version(signal, { retries: 0 });
      if (config.apiVersion !== undefined && olderApi(version.ApiVersion, config.apiVersion)) {
        errors.push(
          `apiVersion ${config.apiVersion} is newer than the Engine's ${version.ApiVersion}: remove apiVersion or lower it`,
        );
      } else if (config.apiVersion === undefined) {
        negotiate(version.ApiVersion);
      }
    } catch (error) {
      return { ok: false, errors: [messageOf(error)], warnings };
    }
    try {
      for (const image of new Set([config.image, ...Object.values(config.images ?? {})])) {
        if (await this.#imagePresent(image, signal)) continue;
        if (config.pullPolicy === 'never') errors.push(imageMissing(image).message);
        else warnings.push(`image ${image} is not on this host yet; the first provision pulls it`);
      }
      if (config.network !== undefined) {
        const network = await client.requestOrNull({
          method: 'GET',
          path: `/networks/${encodeURIComponent(config.network)}`,
          signal,
        });
        if (network === null)
          errors.push(
            `network ${config.network} does not exist: create it (docker network create ${config.network}) or remove "network"`,
          );
      }
    } catch (error) {
      errors.push(messageOf(error));
    }
    if (config.publicIpv4 === undefined) {
      warnings.push(
        "publicIpv4 is not set: renters are given the container's internal address, reachable only from this host",
      );
    }
    return { ok: errors.length === 0, errors, warnings };
  }

  async provision(input: ProvisionRequest, ctx?: CallContext): Promise<Instance> {
    const { config, client } = this.#ready();
    const request = parseRequest(input);
    const signal = ctx?.signal;
    const name = resourceName(request.contractId);
    const existing = await this.#findByContract(request.contractId, signal);
    if (existing !== undefined) {
      this.#logger.info(
        { contractId: request.contractId, container: existing.Id },
        'adopting existing container',
      );
      return this.#bringUp(existing.Id, request, true, signal);
    }
    await this.#ensureImage(imageFor(request, config), signal);
    let created: WireContainerCreated;
    try {
      created = await client.request<WireContainerCreated>({
        method: 'POST',
        path: '/containers/create',
        query: { name },
        body: createBody(request, config),
        signal,
      });
    } catch (error) {
      if (!isProvisionerError(error) || error.code !== 'conflict') throw error;
      return this.#adoptByName(name, request, error, signal);
    }
    for (const warning of created.Warnings ?? [])
      this.#logger.warn({ contractId: request.contractId, warning }, 'docker create warning');
    this.#logger.info(
      { contractId: request.contractId, container: created.Id },
      'container created',
    );
    return this.#bringUp(created.Id, request, false, signal);
  }

  async getInstance(externalId: string, ctx?: CallContext): Promise<Instance | null> {
    const { config, client } = this.#ready();
    const signal = ctx?.signal;
    const c = await this.#inspect(externalId, signal);
    if (c === null || !isManaged(c)) return null;
    return { ...toInstance(c, config), recipe: await this.#recipeState(client, c, signal) };
  }

  async listInstances(ctx?: CallContext): Promise<ManagedInstance[]> {
    const { client } = this.#ready();
    const list = await client.request<WireContainerSummary[]>({
      method: 'GET',
      path: '/containers/json',
      query: { all: true, filters: JSON.stringify({ label: [`${MANAGED_LABEL}=true`] }) },
      signal: ctx?.signal,
    });
    return list.map(toManaged).filter((m): m is ManagedInstance => m !== undefined);
  }

  async terminate(externalId: string, ctx?: CallContext): Promise<void> {
    const { client } = this.#ready();
    const c = await this.#inspect(externalId, ctx?.signal);
    if (c === null) return;
    this.#assertOurs(c);
    await client.requestOrNull({
      method: 'DELETE',
      path: `/containers/${encodeURIComponent(c.Id)}`,
      query: { force: true, v: true },
      signal: ctx?.signal,
    });
    this.#logger.info(
      { container: c.Id, contractId: c.Config.Labels?.[CONTRACT_LABEL] },
      'container removed',
    );
  }

  async health(externalId: string, ctx?: CallContext): Promise<Health> {
    this.#ready();
    const c = await this.#inspect(externalId, ctx?.signal);
    if (c === null) return { state: 'unknown', reason: `container ${externalId} not found` };
    if (!isManaged(c))
      return { state: 'unknown', reason: `container ${externalId} is not managed by Decent Cloud` };
    return healthOf(c.State, (this.#deps.now ?? Date.now)());
  }

  async stop(externalId: string, ctx?: CallContext): Promise<void> {
    await this.#power(externalId, 'stop', ctx?.signal);
  }

  async start(externalId: string, ctx?: CallContext): Promise<void> {
    await this.#power(externalId, 'start', ctx?.signal);
  }

  async #power(
    externalId: string,
    action: 'start' | 'stop',
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const { client } = this.#ready();
    const c = await this.#inspect(externalId, signal);
    if (c === null) throw new ProvisionerError('not_found', `container ${externalId} not found`);
    this.#assertOurs(c);
    // 304 (already in that state) counts as done, so both are safe to send again.
    await client.request({
      method: 'POST',
      path: `/containers/${encodeURIComponent(c.Id)}/${action}`,
      signal,
      idempotent: true,
    });
  }

  async #inspect(
    ref: string,
    signal: AbortSignal | undefined,
  ): Promise<WireContainerInspect | null> {
    const { client } = this.#ready();
    if (!CONTAINER_REF.test(ref)) {
      throw new ProvisionerError(
        'invalid_request',
        `"${ref.slice(0, 80)}" is not a Docker container id or name`,
      );
    }
    return client.requestOrNull<WireContainerInspect>({
      method: 'GET',
      path: `/containers/${encodeURIComponent(ref)}/json`,
      signal,
    });
  }

  #assertOurs(c: WireContainerInspect): void {
    if (isManaged(c)) return;
    throw new ProvisionerError(
      'invalid_request',
      `container ${c.Id.slice(0, 12)} (${c.Name}) was not made by Decent Cloud (no ${MANAGED_LABEL}=true label): refusing to touch it`,
      { retryable: false },
    );
  }

  async #findByContract(
    contractId: string,
    signal: AbortSignal | undefined,
  ): Promise<WireContainerSummary | undefined> {
    const { client } = this.#ready();
    const list = await client.request<WireContainerSummary[]>({
      method: 'GET',
      path: '/containers/json',
      query: { all: true, filters: JSON.stringify({ label: [`${CONTRACT_LABEL}=${contractId}`] }) },
      signal,
    });
    // The filter matches the full value; checked again so a lax Engine never hands us another's.
    const ours = list.filter(
      (c) => c.Labels?.[CONTRACT_LABEL] === contractId && c.Labels?.[MANAGED_LABEL] === 'true',
    );
    if (ours.length > 1)
      this.#logger.warn(
        { contractId, containers: ours.map((c) => c.Id) },
        'several containers for one contract',
      );
    return ours.find((c) => c.State === 'running') ?? ours[0];
  }

  async #adoptByName(
    name: string,
    request: ProvisionRequest,
    conflict: ProvisionerError,
    signal: AbortSignal | undefined,
  ): Promise<Instance> {
    const other = await this.#inspect(name, signal);
    if (
      other !== null &&
      other.Config.Labels?.[CONTRACT_LABEL] === request.contractId &&
      isManaged(other)
    ) {
      this.#logger.info(
        { contractId: request.contractId, container: other.Id },
        'adopting container found by name',
      );
      return this.#bringUp(other.Id, request, true, signal);
    }
    const owner = other?.Config.Labels?.[CONTRACT_LABEL];
    throw new ProvisionerError(
      'conflict',
      `a container named ${name} already exists and is not this contract's (${owner === undefined ? 'no dc-contract label' : `dc-contract=${owner}`}): remove or rename it`,
      { retryable: false, cause: conflict },
    );
  }

  /**
   * Starts the container if needed and waits until it runs (on failure removes it), then runs
   * the recipe. `adopted`: this call did not create the container, so its recipe may have run.
   */
  async #bringUp(
    id: string,
    request: ProvisionRequest,
    adopted: boolean,
    signal: AbortSignal | undefined,
  ): Promise<Instance> {
    const { config, client } = this.#ready();
    const current = await this.#inspect(id, signal);
    if (current === null)
      throw new ProvisionerError('conflict', `container ${id} disappeared while provisioning`, {
        retryable: true,
      });
    let running = current;
    if (!current.State.Running) {
      try {
        await client.request({
          method: 'POST',
          path: `/containers/${encodeURIComponent(id)}/start`,
          signal,
          idempotent: true,
        });
        running = await pollUntil(() => this.#runningOrFailed(id, signal), {
          what: `container ${id.slice(0, 12)} to run`,
          intervalMs: this.#deps.pollIntervalMs ?? 250,
          timeoutMs: config.startTimeoutMs,
          signal,
        });
      } catch (error) {
        await this.#removeAfterFailure(id, request.contractId, error);
        throw error;
      }
    }
    const instance = toInstance(running, config);
    const script = request.script?.trim() ? request.script : undefined;
    if (script === undefined) return { ...instance, recipe: { status: 'not_run' } };
    const recipe = await runRecipe(
      client,
      running.Id,
      script,
      adopted,
      this.#recipeOptions(signal),
    );
    return { ...instance, recipe };
  }

  /** The recipe as the container's marker says; `unknown` while it is not running. */
  async #recipeState(
    client: DockerClient,
    c: WireContainerInspect,
    signal: AbortSignal | undefined,
  ): Promise<RecipeResult> {
    if (!c.State.Running) {
      return {
        status: 'unknown',
        message: `container is ${c.State.Status}: its recipe marker can be read only while it runs`,
      };
    }
    try {
      return await readRecipe(client, c.Id, this.#recipeOptions(signal));
    } catch (error) {
      // getInstance answers what the Engine knows; the recipe is an extra it may not learn.
      if (isProvisionerError(error) && error.code === 'aborted') throw error;
      return { status: 'unknown', message: messageOf(error).slice(0, 1024) };
    }
  }

  #recipeOptions(signal: AbortSignal | undefined): RecipeOptions {
    const { config } = this.#ready();
    return {
      signal,
      timeoutMs: config.recipeTimeoutMs,
      callTimeoutMs: config.timeoutMs,
      pollIntervalMs: this.#deps.pollIntervalMs ?? 250,
      logger: this.#logger,
    };
  }

  async #runningOrFailed(
    id: string,
    signal: AbortSignal | undefined,
  ): Promise<WireContainerInspect | undefined> {
    const c = await this.#inspect(id, signal);
    if (c === null)
      throw new ProvisionerError('conflict', `container ${id} disappeared while starting`, {
        retryable: true,
      });
    if (c.State.Running) return c;
    if (c.State.Status === 'exited' || c.State.Status === 'dead') {
      throw new ProvisionerError(
        'upstream_error',
        `container ${id.slice(0, 12)} exited right after start (exit code ${c.State.ExitCode}${c.State.Error ? `: ${c.State.Error}` : ''})`,
        { retryable: false },
      );
    }
    return undefined;
  }

  async #removeAfterFailure(id: string, contractId: string, cause: unknown): Promise<void> {
    const { client } = this.#ready();
    this.#logger.warn(
      { contractId, container: id, error: messageOf(cause) },
      'provision failed; removing the container',
    );
    try {
      await client.requestOrNull({
        method: 'DELETE',
        path: `/containers/${encodeURIComponent(id)}`,
        query: { force: true, v: true },
      });
    } catch (error) {
      // The orphan keeps its labels: the agent's orphan sweep finds it through listInstances.
      this.#logger.error(
        { contractId, container: id, error: messageOf(error) },
        'could not remove the container of a failed provision',
      );
    }
  }

  async #imagePresent(ref: string, signal: AbortSignal | undefined): Promise<boolean> {
    const { client } = this.#ready();
    return (
      (await client.requestOrNull({
        method: 'GET',
        path: `/images/${ref}/json`,
        signal,
      })) !== null
    );
  }

  async #ensureImage(ref: string, signal: AbortSignal | undefined): Promise<void> {
    const { config, client } = this.#ready();
    if (config.pullPolicy !== 'always' && (await this.#imagePresent(ref, signal))) return;
    if (config.pullPolicy === 'never') throw imageMissing(ref);
    this.#logger.info({ image: ref }, 'pulling docker image');
    await pullImage(client, ref, {
      logger: this.#logger,
      signal,
      timeoutMs: config.pullTimeoutMs,
      retry: this.#deps.retry,
    });
  }
}
