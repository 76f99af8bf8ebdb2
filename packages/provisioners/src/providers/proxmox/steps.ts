import { randomBytes } from 'node:crypto';
import { isProvisionerError, ProvisionerError } from '../../errors';
import { sleep } from '../../http/retry';
import type { Logger } from '../../logger';
import { MANAGED_LABEL } from '../../naming';
import { pollUntil } from '../../poll';
import type { ProvisionRequest } from '../../types';
import type { ProxmoxApi, TaskTiming } from './api';
import { type ProxmoxConfig, ProxmoxRequestConfigSchema } from './config';
import {
  addressesOf,
  bridgeOf,
  driveSizeBytes,
  encodeSshKeys,
  isVmOf,
  type VmRef,
  vmDescription,
  vmName,
  withBridge,
} from './convert';
import { hasUpstreamCode } from './errors';
import type { PveVmConfig } from './wire';

/** What each provisioning step works with. */
export interface StepContext {
  readonly api: ProxmoxApi;
  readonly logger: Logger;
  readonly timing: TaskTiming;
  readonly signal?: AbortSignal | undefined;
}

/** Everything one provision needs, resolved from the config, the request and its overrides. */
export interface Plan {
  readonly node: string;
  readonly template: VmRef;
  readonly storage: string | undefined;
  readonly bridge: string | undefined;
  readonly disk: string;
}

const MAX_ID_ATTEMPTS = 5;

/**
 * The plan for a request: the template is the request's `image` when that is a VM id, else the
 * request's `config.templateVmId`, else the configured one; storage and bridge likewise.
 */
export function planFor(config: ProxmoxConfig, request: ProvisionRequest): Plan {
  const parsed = ProxmoxRequestConfigSchema.safeParse(request.config ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((i) => `config.${i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new ProvisionerError(
      'invalid_request',
      `request config for proxmox is invalid: ${issues} (allowed keys: templateVmId, storage, bridge)`,
    );
  }
  const overrides = parsed.data;
  const imageId = /^\d{3,9}$/.test(request.image) ? Number(request.image) : undefined;
  return {
    node: config.node,
    template: { node: config.node, vmid: imageId ?? overrides.templateVmId ?? config.templateVmId },
    storage: overrides.storage ?? config.storage,
    bridge: overrides.bridge ?? config.bridge,
    disk: config.disk ?? 'scsi0',
  };
}

/**
 * The VM already made for this contract: its name AND the full contract id in its
 * description must match (a name alone is a 12-character prefix and may be someone else's).
 * A clone still running has no name yet, so while any VM is being cloned the answer is
 * unknown: wait for those clones (one may be ours from a call whose answer was lost).
 */
export async function findOwnVm(ctx: StepContext, contractId: string): Promise<VmRef | null> {
  const name = vmName(contractId);
  const deadline = Date.now() + ctx.timing.taskTimeoutMs;
  for (;;) {
    const vms = await ctx.api.vms();
    for (const vm of vms.filter((v) => v.name === name && v.template !== 1)) {
      const ref = { node: vm.node, vmid: vm.vmid };
      const config = await ctx.api.config(ref);
      if (config && isVmOf(contractId, vm.name, config)) return ref;
      ctx.logger.warn(
        { contractId, vmid: vm.vmid },
        `VM ${vm.vmid} is named ${name} but its description does not carry this contract id; not adopting it`,
      );
    }
    const pending: number[] = [];
    for (const vm of vms.filter(
      (v) => v.template !== 1 && (v.lock === 'clone' || v.name === undefined),
    )) {
      const lock = vm.lock ?? (await ctx.api.config({ node: vm.node, vmid: vm.vmid }))?.lock;
      if (lock === 'clone') pending.push(vm.vmid);
    }
    if (pending.length === 0) return null;
    if (Date.now() > deadline) {
      throw new ProvisionerError(
        'timeout',
        `VMs ${pending.join(', ')} are still being cloned; cannot tell yet whether one belongs to contract ${contractId}`,
      );
    }
    ctx.logger.debug(
      { contractId, pending },
      'waiting for running clones before deciding to create a VM',
    );
    await sleep(ctx.timing.pollIntervalMs, ctx.signal);
  }
}

/**
 * Allocates an id (`/cluster/nextid`, never derived from the contract) and clones the
 * template with our name and description; another client taking the id means a fresh one.
 * A failed clone task is handed to `discard` (Proxmox usually removed the VM already).
 */
export async function cloneForContract(
  ctx: StepContext,
  contractId: string,
  plan: Plan,
  discard: (vm: VmRef) => Promise<void>,
): Promise<VmRef> {
  for (let attempt = 1; attempt <= MAX_ID_ATTEMPTS; attempt++) {
    const newid = await ctx.api.nextId();
    let upid: string;
    try {
      upid = await ctx.api.clone(plan.template, {
        newid,
        name: vmName(contractId),
        description: vmDescription(contractId),
        full: 1,
        ...(plan.storage !== undefined ? { storage: plan.storage } : {}),
      });
    } catch (error) {
      if (hasUpstreamCode(error, 'already_exists')) {
        ctx.logger.info(
          { contractId, vmid: newid, attempt },
          'VM id taken meanwhile; allocating another',
        );
        continue;
      }
      throw error;
    }
    const vm = { node: plan.node, vmid: newid };
    ctx.logger.info({ contractId, vmid: newid, template: plan.template.vmid }, 'cloning template');
    try {
      await ctx.api.waitForTask(
        plan.template.node,
        upid,
        `cloning template ${plan.template.vmid} to VM ${newid}`,
      );
    } catch (error) {
      await discard(vm);
      throw error;
    }
    return vm;
  }
  throw new ProvisionerError(
    'conflict',
    `could not allocate a VM id in ${MAX_ID_ATTEMPTS} attempts: the ids /cluster/nextid offered were taken by other clients each time`,
  );
}

/** The cloud-init and hardware settings of a request, as the `POST .../config` form. */
export function configForm(
  request: ProvisionRequest,
  plan: Plan,
  config: PveVmConfig,
  password: string | undefined,
) {
  const tags = new Set(
    (typeof config.tags === 'string' ? config.tags : '').split(/[;,\s]+/).filter(Boolean),
  );
  tags.add(MANAGED_LABEL);
  return {
    ciuser: 'root',
    cores: request.cpuCores,
    memory: request.memoryMiB,
    ipconfig0: 'ip=dhcp',
    // The guest agent finds the address and sets passwords.
    agent: 1,
    tags: [...tags].join(';'),
    description: vmDescription(request.contractId),
    ...(request.sshPublicKeys.length > 0 ? { sshkeys: encodeSshKeys(request.sshPublicKeys) } : {}),
    ...(password !== undefined ? { cipassword: password } : {}),
    ...(plan.bridge !== undefined && bridgeOf(config.net0) !== plan.bridge
      ? { net0: withBridge(config.net0, plan.bridge) }
      : {}),
  };
}

/** Grows the disk to the requested size; a template disk already larger is kept (disks cannot shrink). */
export async function growDisk(
  ctx: StepContext,
  vm: VmRef,
  config: PveVmConfig,
  plan: Plan,
  diskGiB: number,
): Promise<void> {
  const current = driveSizeBytes(config[plan.disk]);
  if (current === null) {
    throw new ProvisionerError(
      'invalid_config',
      `template ${plan.template.vmid} has no disk "${plan.disk}" with a size; set "disk" in the proxmox config to its boot disk (e.g. virtio0)`,
    );
  }
  const wanted = diskGiB * 1024 ** 3;
  if (current > wanted) {
    ctx.logger.warn(
      { vmid: vm.vmid, currentBytes: current, wantedGiB: diskGiB },
      'template disk is larger than requested; keeping it',
    );
  }
  if (current >= wanted) return;
  await ctx.api.waitForTask(
    vm.node,
    await ctx.api.resize(vm, plan.disk, `${diskGiB}G`),
    `resizing ${plan.disk} of VM ${vm.vmid} to ${diskGiB}G`,
  );
}

/** The VM's config once no operation (a clone from a lost call, a backup...) holds its lock. */
export function waitUnlocked(ctx: StepContext, vm: VmRef): Promise<PveVmConfig> {
  return pollUntil(
    async () => {
      const config = await ctx.api.config(vm);
      if (config === null) {
        throw new ProvisionerError(
          'conflict',
          `VM ${vm.vmid} disappeared while being provisioned (a failed clone?)`,
        );
      }
      return config.lock === undefined ? config : undefined;
    },
    {
      what: `the lock on VM ${vm.vmid} to be released`,
      intervalMs: ctx.timing.pollIntervalMs,
      timeoutMs: ctx.timing.taskTimeoutMs,
      signal: ctx.signal,
    },
  );
}

/** Polls the guest agent until it reports an IPv4 address that is not loopback / link-local. */
export function waitForAddresses(
  ctx: StepContext,
  vm: VmRef,
  timeoutMs: number,
): Promise<{ ipv4: string | null; ipv6: string | null }> {
  return pollUntil(
    async () => {
      try {
        const found = addressesOf(await ctx.api.agentInterfaces(vm));
        return found.ipv4 === null ? undefined : found;
      } catch (error) {
        // The agent starts some seconds after the VM; until then Proxmox answers 500.
        if (isProvisionerError(error) && error.retryable && error.code !== 'aborted')
          return undefined;
        throw error;
      }
    },
    {
      what: `the guest agent of VM ${vm.vmid} to report an IPv4 address (is qemu-guest-agent installed in the template?)`,
      intervalMs: ctx.timing.pollIntervalMs,
      timeoutMs,
      signal: ctx.signal,
    },
  );
}

/** Hard stop (the disks are going away) then destroy with disks; "does not exist" is done. */
export async function destroyVm(api: ProxmoxApi, vm: VmRef): Promise<void> {
  const status = await api.status(vm);
  if (status === null) return;
  if (status.status === 'running') {
    try {
      await api.waitForTask(vm.node, await api.power(vm, 'stop'), `stopping VM ${vm.vmid}`);
    } catch (error) {
      if (!hasUpstreamCode(error, 'vm_not_running')) throw error;
    }
  }
  try {
    await api.waitForTask(vm.node, await api.destroy(vm), `destroying VM ${vm.vmid}`);
  } catch (error) {
    // Someone else (a parallel terminate) destroyed it first.
    if (hasUpstreamCode(error, 'does_not_exist') && (await api.config(vm)) === null) return;
    throw error;
  }
}

/** 24 random URL-safe characters: typeable, no shell metacharacters. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
