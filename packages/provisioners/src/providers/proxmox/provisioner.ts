import type { z } from 'zod';
import { authorizedKeysFile } from '../../authorized-keys';
import { isProvisionerError, ProvisionerError } from '../../errors';
import type { RetryPolicy } from '../../http/retry';
import { type Logger, silentLogger } from '../../logger';
import { MANAGED_LABEL } from '../../naming';
import type { Provisioner } from '../../provisioner';
import type {
  CallContext,
  Capabilities,
  Health,
  Instance,
  ManagedInstance,
  ProvisionRequest,
  SetupReport,
} from '../../types';
import { ProxmoxApi, type TaskTiming } from './api';
import { type ProxmoxConfig, ProxmoxConfigSchema } from './config';
import { openConnection, type ProxmoxConnection } from './connection';
import {
  addressesOf,
  contractIdOf,
  hasManagedTag,
  parseExternalId,
  statusOf,
  toExternalId,
  type VmRef,
} from './convert';
import { asProvisionerError } from './errors';
import { runRecipe } from './recipe';
import {
  cloneForContract,
  configForm,
  destroyVm,
  findOwnVm,
  generatePassword,
  growDisk,
  type Plan,
  planFor,
  type StepContext,
  waitForAddresses,
  waitUnlocked,
} from './steps';
import { verifyAgainstApi } from './verify';
import type { PveVmConfig } from './wire';

/** What `createProxmoxProvisioner` accepts as configuration (validated when used). */
export type ProxmoxConfigInput = z.input<typeof ProxmoxConfigSchema>;

/** Collaborators and timing of the Proxmox provisioner. */
export interface ProxmoxProvisionerOptions {
  readonly logger?: Logger;
  /** Replaces the TLS-verifying transport (tests); production leaves it unset. */
  readonly fetch?: typeof fetch;
  readonly retry?: RetryPolicy;
  /** Per-request timeout, ms (default 30 000). */
  readonly requestTimeoutMs?: number;
  /** Wait between task / guest agent checks, ms (default 1000). */
  readonly pollIntervalMs?: number;
  /** Longest a task (clone, start, destroy...) may run, ms (default 15 minutes). */
  readonly taskTimeoutMs?: number;
  /** Longest to wait for the guest agent to report an IPv4 address after start, ms (default 5 minutes). */
  readonly agentTimeoutMs?: number;
  /** Longest to wait for the recipe before reporting it `pending`, ms (default 30 minutes). */
  readonly scriptTimeoutMs?: number;
}

const PROVISIONER_KIND = 'proxmox';
/**
 * Creates the `proxmox` provisioner (Proxmox VE API with an API token). `node` and the template
 * come from the config (a request's `image` may name another template by VM id; its `location`
 * is not used, the node is fixed per config). The config is validated lazily: `verifySetup`
 * reports a bad one, every other call throws `invalid_config`.
 *
 * The token needs, on `/` or a pool plus the storage and template: `VM.Allocate`, `VM.Clone`,
 * `VM.Audit`, `VM.Config.*` (CPU, Memory, Disk, Network, Options, Cloudinit), `VM.PowerMgmt`,
 * `VM.Monitor` (guest agent; `VM.GuestAgent.*` on PVE 9), `Datastore.AllocateSpace`,
 * `Datastore.Audit`, `Sys.Audit` (node list) and `SDN.Use` on the bridge (PVE 8).
 * The template needs cloud-init and `qemu-guest-agent` installed.
 */
export function createProxmoxProvisioner(
  config: ProxmoxConfigInput,
  options: ProxmoxProvisionerOptions = {},
): Provisioner {
  return new ProxmoxProvisioner(config, options);
}

/** Where cloud-init put the keys given at creation (`ciuser` is root). */
const AUTHORIZED_KEYS = '/root/.ssh/authorized_keys';

class ProxmoxProvisioner implements Provisioner {
  readonly kind = PROVISIONER_KIND;
  readonly capabilities: Capabilities = {
    stop: true,
    resetPassword: true,
    resize: false,
    list: true,
  };
  readonly #parsed: ReturnType<typeof ProxmoxConfigSchema.safeParse>;
  readonly #options: ProxmoxProvisionerOptions;
  readonly #logger: Logger;
  readonly #timing: TaskTiming;
  #connection: Promise<ProxmoxConnection> | undefined;

  constructor(config: ProxmoxConfigInput, options: ProxmoxProvisionerOptions) {
    this.#parsed = ProxmoxConfigSchema.safeParse(config);
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#timing = {
      pollIntervalMs: options.pollIntervalMs ?? 1000,
      taskTimeoutMs: options.taskTimeoutMs ?? 15 * 60_000,
    };
  }

  #config(): ProxmoxConfig {
    if (this.#parsed.success) return this.#parsed.data;
    throw new ProvisionerError(
      'invalid_config',
      `proxmox config is invalid: ${this.#configIssues().join('; ')}`,
    );
  }

  #configIssues(): string[] {
    return (
      this.#parsed.error?.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`) ?? []
    );
  }

  async #api(ctx?: CallContext): Promise<ProxmoxApi> {
    const config = this.#config();
    // Memoised, but a failure (unreadable secret file...) is retried on the next call once fixed.
    this.#connection ??= openConnection(config, { logger: this.#logger, ...this.#pick() }).catch(
      (error: unknown) => {
        this.#connection = undefined;
        throw error;
      },
    );
    return new ProxmoxApi(await this.#connection, this.#timing, ctx?.signal);
  }

  #pick() {
    const { fetch, retry, requestTimeoutMs } = this.#options;
    return {
      ...(fetch !== undefined ? { fetch } : {}),
      ...(retry !== undefined ? { retry } : {}),
      ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}),
    };
  }

  async verifySetup(ctx?: CallContext): Promise<SetupReport> {
    if (!this.#parsed.success) return { ok: false, errors: this.#configIssues(), warnings: [] };
    try {
      return await verifyAgainstApi(await this.#api(ctx), this.#parsed.data);
    } catch (error) {
      return {
        ok: false,
        errors: [isProvisionerError(error) ? error.message : String(error)],
        warnings: [],
      };
    }
  }

  async provision(request: ProvisionRequest, ctx?: CallContext): Promise<Instance> {
    const plan = planFor(this.#config(), request);
    const step = await this.#step(ctx);
    const log = { contractId: request.contractId, node: plan.node };
    const existing = await findOwnVm(step, request.contractId);
    if (existing) {
      this.#logger.info(
        { ...log, vmid: existing.vmid },
        'adopting the existing VM of this contract',
      );
      // Not removed on failure: it may be a finished server from an earlier call.
      return this.#complete(step, existing, request, plan);
    }
    const vm = await cloneForContract(step, request.contractId, plan, (made) =>
      this.#discard(made, request.contractId),
    );
    try {
      return await this.#complete(step, vm, request, plan);
    } catch (error) {
      this.#logger.warn(
        { ...log, vmid: vm.vmid, error: String(error) },
        'provision failed after the clone; removing the VM',
      );
      await this.#discard(vm, request.contractId);
      throw asProvisionerError(error, `provisioning VM ${vm.vmid}`);
    }
  }

  async #step(ctx?: CallContext): Promise<StepContext> {
    return {
      api: await this.#api(ctx),
      logger: this.#logger,
      timing: this.#timing,
      signal: ctx?.signal,
    };
  }

  /** Configures, grows, starts and waits for the VM's address (each step idempotent, for adoption). */
  async #complete(
    step: StepContext,
    vm: VmRef,
    request: ProvisionRequest,
    plan: Plan,
  ): Promise<Instance> {
    const { api } = step;
    const config = await waitUnlocked(step, vm);
    const password = request.sshPublicKeys.length === 0 ? generatePassword() : undefined;
    await api.waitForTask(
      vm.node,
      await api.updateConfig(vm, configForm(request, plan, config, password)),
      `configuring VM ${vm.vmid}`,
    );
    await growDisk(step, vm, config, plan, request.diskGiB);
    if ((await api.status(vm))?.status !== 'running') {
      await api.waitForTask(vm.node, await api.power(vm, 'start'), `starting VM ${vm.vmid}`);
    }
    const addresses = await waitForAddresses(step, vm, this.#options.agentTimeoutMs ?? 5 * 60_000);
    // Also through the agent: cloud-init applies `cipassword` only at first boot, so an adopted
    // VM would keep an older password, and the renter must get the one we return.
    if (password !== undefined) await api.setUserPassword(vm, 'root', password);
    const script = request.script?.trim() ? request.script : undefined;
    const recipe =
      script === undefined
        ? undefined
        : await runRecipe(
            api,
            vm,
            script,
            {
              pollIntervalMs: this.#timing.pollIntervalMs,
              timeoutMs: this.#options.scriptTimeoutMs ?? 30 * 60_000,
            },
            step.signal,
          );
    this.#logger.info(
      { contractId: request.contractId, vmid: vm.vmid, node: vm.node },
      'VM running',
    );
    return {
      externalId: toExternalId(vm),
      provisioner: PROVISIONER_KIND,
      contractId: request.contractId,
      status: 'running',
      ...addresses,
      sshPort: 22,
      ...(password !== undefined ? { rootPassword: password } : {}),
      ...(recipe !== undefined ? { recipe } : {}),
    };
  }

  /**
   * Best-effort removal of a VM this call created, after a failure. Only a VM whose description
   * names this contract is touched (an id lost to another client in a race is theirs).
   * Runs without the call's signal: an aborted provision must still clean up.
   */
  async #discard(vm: VmRef, contractId: string): Promise<void> {
    try {
      const api = await this.#api();
      const config = await api.config(vm);
      if (config === null) return;
      if (contractIdOf(config.description) !== contractId) {
        this.#logger.warn(
          { contractId, vmid: vm.vmid },
          'not removing the VM: it does not carry this contract id (yet)',
        );
        return;
      }
      await destroyVm(api, vm);
    } catch (error) {
      this.#logger.error(
        { contractId, vmid: vm.vmid, error: String(error) },
        'could not remove the VM after a failed provision',
      );
    }
  }

  /**
   * The config of a VM we may act on: ours by its description (or, if someone edited that, by
   * our tag plus our name prefix). `null` when it no longer exists; a foreign VM is refused.
   */
  async #owned(
    api: ProxmoxApi,
    externalId: string,
  ): Promise<{ vm: VmRef; config: PveVmConfig } | null> {
    const vm = parseExternalId(externalId);
    const config = await api.config(vm);
    if (config === null) return null;
    const ours =
      contractIdOf(config.description) !== null ||
      (hasManagedTag({ tags: config.tags }) && (config.name ?? '').startsWith('dc-'));
    if (!ours) {
      throw new ProvisionerError(
        'invalid_request',
        `VM ${vm.vmid} on node ${vm.node} was not made by Decent Cloud (no "dc-contract=" line in its description, no "${MANAGED_LABEL}" tag); refusing to touch it`,
      );
    }
    return { vm, config };
  }

  async getInstance(externalId: string, ctx?: CallContext): Promise<Instance | null> {
    const api = await this.#api(ctx);
    const vm = parseExternalId(externalId);
    const config = await api.config(vm);
    const contractId = contractIdOf(config?.description);
    if (config === null || contractId === null) return null;
    const status = await api.status(vm);
    if (status === null) return null;
    let addresses: { ipv4: string | null; ipv6: string | null } = { ipv4: null, ipv6: null };
    if (status.status === 'running') {
      try {
        addresses = addressesOf(await api.agentInterfaces(vm));
      } catch (error) {
        this.#logger.debug(
          { vmid: vm.vmid, error: String(error) },
          'guest agent gave no addresses',
        );
      }
    }
    return {
      externalId,
      provisioner: PROVISIONER_KIND,
      contractId,
      status: statusOf(status.status, config.lock),
      ...addresses,
      sshPort: 22,
    };
  }

  async listInstances(ctx?: CallContext): Promise<ManagedInstance[]> {
    const api = await this.#api(ctx);
    const candidates = (await api.vms()).filter(
      (vm) => vm.template !== 1 && (hasManagedTag(vm) || (vm.name ?? '').startsWith('dc-')),
    );
    const found: ManagedInstance[] = [];
    for (const vm of candidates) {
      const ref = { node: vm.node, vmid: vm.vmid };
      const contractId = contractIdOf((await api.config(ref))?.description);
      if (contractId !== null)
        found.push({
          externalId: toExternalId(ref),
          provisioner: PROVISIONER_KIND,
          contractId,
          status: statusOf(vm.status, vm.lock),
        });
    }
    return found;
  }

  async terminate(externalId: string, ctx?: CallContext): Promise<void> {
    const api = await this.#api(ctx);
    const owned = await this.#owned(api, externalId);
    if (owned === null) return;
    if (owned.config.lock !== undefined) {
      try {
        await waitUnlocked(
          { api, logger: this.#logger, timing: this.#timing, signal: ctx?.signal },
          owned.vm,
        );
      } catch (error) {
        if (isProvisionerError(error) && error.code === 'conflict') return; // gone meanwhile
        throw error;
      }
    }
    await destroyVm(api, owned.vm);
    this.#logger.info({ vmid: owned.vm.vmid, node: owned.vm.node }, 'VM destroyed');
  }

  async health(externalId: string, ctx?: CallContext): Promise<Health> {
    const api = await this.#api(ctx);
    const vm = parseExternalId(externalId);
    let status: Awaited<ReturnType<ProxmoxApi['status']>>;
    try {
      status = await api.status(vm);
    } catch (error) {
      if (isProvisionerError(error) && error.retryable && error.code !== 'aborted')
        return { state: 'unknown', reason: error.message };
      throw error;
    }
    if (status === null)
      return { state: 'unhealthy', reason: `VM ${vm.vmid} does not exist on node ${vm.node}` };
    if (status.status !== 'running')
      return { state: 'unhealthy', reason: `VM ${vm.vmid} is ${status.status}` };
    if (status.qmpstatus !== undefined && status.qmpstatus !== 'running')
      return { state: 'unhealthy', reason: `VM ${vm.vmid} is ${status.qmpstatus}` };
    return { state: 'healthy', uptimeSeconds: status.uptime ?? null };
  }

  async resetPassword(externalId: string, ctx?: CallContext): Promise<string> {
    const api = await this.#api(ctx);
    const owned = await this.#owned(api, externalId);
    if (owned === null) throw new ProvisionerError('not_found', `VM ${externalId} does not exist`);
    const password = generatePassword();
    await api.setUserPassword(owned.vm, 'root', password);
    return password;
  }

  /**
   * Replaces `/root/.ssh/authorized_keys` through the QEMU guest agent's `file-write` (the
   * keys were installed there by cloud-init for `ciuser` root). The VM's cloud-init config is
   * left alone on purpose: changing it changes the instance id, and the next boot would run
   * cloud-init's first-boot steps again (new host keys).
   */
  async setSshKeys(externalId: string, keys: readonly string[], ctx?: CallContext): Promise<void> {
    const content = authorizedKeysFile(keys);
    const api = await this.#api(ctx);
    const owned = await this.#owned(api, externalId);
    if (owned === null) throw new ProvisionerError('not_found', `VM ${externalId} does not exist`);
    await api.writeGuestFile(owned.vm, AUTHORIZED_KEYS, content);
  }

  async stop(externalId: string, ctx?: CallContext): Promise<void> {
    const api = await this.#api(ctx);
    const owned = await this.#owned(api, externalId);
    if (owned === null) throw new ProvisionerError('not_found', `VM ${externalId} does not exist`);
    if ((await api.status(owned.vm))?.status !== 'running') return;
    // ACPI shutdown first so the guest can flush its disks; forced off after a minute.
    await api.waitForTask(
      owned.vm.node,
      await api.power(owned.vm, 'shutdown', { timeout: 60, forceStop: 1 }),
      `shutting down VM ${owned.vm.vmid}`,
    );
  }

  async start(externalId: string, ctx?: CallContext): Promise<void> {
    const api = await this.#api(ctx);
    const owned = await this.#owned(api, externalId);
    if (owned === null) throw new ProvisionerError('not_found', `VM ${externalId} does not exist`);
    if ((await api.status(owned.vm))?.status === 'running') return;
    await api.waitForTask(
      owned.vm.node,
      await api.power(owned.vm, 'start'),
      `starting VM ${owned.vm.vmid}`,
    );
  }
}
