import { ProvisionerError } from '../../errors';
import { CONTRACT_LABEL, MANAGED_LABEL, resourceName } from '../../naming';
import type { Instance } from '../../types';
import type { PveAgentInterfaces, PveVmConfig } from './wire';

/** Where a VM lives: `node/vmid` is its `externalId`. */
export interface VmRef {
  readonly node: string;
  readonly vmid: number;
}

/** `node/vmid`. */
export function toExternalId(ref: VmRef): string {
  return `${ref.node}/${ref.vmid}`;
}

/** Parses `node/vmid`; anything else is an `invalid_request` naming the expected form. */
export function parseExternalId(externalId: string): VmRef {
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/(\d{3,9})$/.exec(externalId);
  if (!match?.[1] || !match[2]) {
    throw new ProvisionerError(
      'invalid_request',
      `externalId "${externalId}" is not a Proxmox VM reference; expected "<node>/<vmid>" such as "pve/101"`,
    );
  }
  return { node: match[1], vmid: Number(match[2]) };
}

/**
 * The VM name for a contract: `resourceName`, minus trailing hyphens, because a Proxmox VM
 * name must be a DNS name (a contract id whose 12th character is `_` would end in `-`).
 */
export function vmName(contractId: string): string {
  return resourceName(contractId).replace(/-+$/, '');
}

/**
 * The VM description: the full contract id (Proxmox tags cannot hold every contract id
 * character and are lower-cased by some setups, so the id lives here), readable by people too.
 */
export function vmDescription(contractId: string): string {
  return `${CONTRACT_LABEL}=${contractId}\n${MANAGED_LABEL}=true\nDecent Cloud contract VM; deleting these lines makes the agent lose track of it.\n`;
}

/** The contract id recorded in a VM description, or `null` when it is not one of ours. */
export function contractIdOf(description: string | undefined): string | null {
  if (description === undefined) return null;
  const match = new RegExp(`^${CONTRACT_LABEL}=([A-Za-z0-9_-]{8,128})\\s*$`, 'm').exec(description);
  return match?.[1] ?? null;
}

/** Whether a VM's name and description both say it belongs to `contractId`. */
export function isVmOf(contractId: string, name: string | undefined, config: PveVmConfig): boolean {
  return name === vmName(contractId) && contractIdOf(config.description) === contractId;
}

/** Whether a cluster resource carries our tag (a `;`, `,` or space separated list). */
export function hasManagedTag(resource: { readonly tags?: string | undefined }): boolean {
  return (resource.tags ?? '').split(/[;,\s]+/).includes(MANAGED_LABEL);
}

/**
 * `sshkeys` as Proxmox wants it: one key per line, percent-encoded with `%20` for spaces (the
 * API `uri_unescape`s the value, which does not turn `+` into a space), and only the
 * characters of its `urlencoded` format (`[-%a-zA-Z0-9_.!~*'()]`), which `encodeURIComponent`
 * gives exactly. The form encoding of the request body is applied on top of this.
 */
export function encodeSshKeys(keys: readonly string[]): string {
  return encodeURIComponent(`${keys.map((k) => k.trim()).join('\n')}\n`);
}

/** Bytes of a Proxmox size such as `32G`, `2252M`, `512K`, `1T` or a plain byte count. */
export function parseSize(size: string): number | null {
  const match = /^(\d+(?:\.\d+)?)([KMGT])?$/i.exec(size.trim());
  if (!match?.[1]) return null;
  const power = { K: 1, M: 2, G: 3, T: 4 }[(match[2] ?? '').toUpperCase() as 'K'] ?? 0;
  return Math.round(Number(match[1]) * 1024 ** power);
}

/** The `size=` of a drive line such as `local-lvm:vm-101-disk-0,iothread=1,size=32G`, in bytes. */
export function driveSizeBytes(drive: unknown): number | null {
  if (typeof drive !== 'string') return null;
  const match = /(?:^|,)size=([^,]+)/.exec(drive);
  return match?.[1] ? parseSize(match[1]) : null;
}

/** `net0` with its bridge replaced, keeping the model and MAC address (a new MAC would re-plug the NIC). */
export function withBridge(net0: string | undefined, bridge: string): string {
  if (net0 === undefined || net0 === '') return `virtio,bridge=${bridge}`;
  return /(^|,)bridge=[^,]*/.test(net0)
    ? net0.replace(/(^|,)bridge=[^,]*/, `$1bridge=${bridge}`)
    : `${net0},bridge=${bridge}`;
}

/** The bridge of a `net0` line, if any. */
export function bridgeOf(net0: string | undefined): string | undefined {
  return net0 === undefined ? undefined : /(?:^|,)bridge=([^,]+)/.exec(net0)?.[1];
}

/** The first usable (not loopback, not link-local) IPv4 and IPv6 address the guest agent reports. */
export function addressesOf(interfaces: PveAgentInterfaces): {
  ipv4: string | null;
  ipv6: string | null;
} {
  let ipv4: string | null = null;
  let ipv6: string | null = null;
  for (const iface of interfaces.result ?? []) {
    if (iface.name === 'lo') continue;
    for (const address of iface['ip-addresses'] ?? []) {
      const ip = address['ip-address'];
      if (
        address['ip-address-type'] === 'ipv4' &&
        ipv4 === null &&
        !ip.startsWith('127.') &&
        !ip.startsWith('169.254.')
      )
        ipv4 = ip;
      if (
        address['ip-address-type'] === 'ipv6' &&
        ipv6 === null &&
        ip !== '::1' &&
        !/^fe[89ab]/i.test(ip)
      )
        ipv6 = ip;
    }
  }
  return { ipv4, ipv6 };
}

/** Proxmox power state (+ config lock) -> instance status. */
export function statusOf(status: string | undefined, lock: string | undefined): Instance['status'] {
  if (lock === 'clone' || lock === 'create') return 'creating';
  if (status === 'running') return 'running';
  if (status === 'stopped') return 'stopped';
  return 'unknown';
}
