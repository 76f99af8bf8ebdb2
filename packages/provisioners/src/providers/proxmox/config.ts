import { z } from 'zod';

/** `user@realm!tokenname`, as Proxmox shows it under Datacenter > Permissions > API Tokens. */
const TOKEN_ID = /^[^\s@!=:]+@[A-Za-z][A-Za-z0-9.\-_]*![A-Za-z][A-Za-z0-9.\-_]*$/;
/** 32 bytes as hex, with or without colons (`AA:BB:...` as `pvenode cert info` prints it). */
const FINGERPRINT = /^([0-9A-Fa-f]{2}:){31}[0-9A-Fa-f]{2}$|^[0-9A-Fa-f]{64}$/;
/** Proxmox `pve-node` / `pve-storage-id` / bridge interface names. */
const NODE = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;
const STORAGE = /^[A-Za-z][A-Za-z0-9\-_.]*[A-Za-z0-9]$/;
const BRIDGE = /^[A-Za-z][A-Za-z0-9_.-]{0,14}$/;
const DISK = /^(scsi|virtio|sata|ide)\d{1,2}$/;

/**
 * How the provisioner checks the Proxmox API's TLS certificate: a CA (PEM text or a file path)
 * or the SHA-256 fingerprint of the server certificate. There is deliberately no option to turn
 * verification off (never-again.md #26).
 */
export const ProxmoxTlsSchema = z
  .object({
    /** PEM text (`-----BEGIN CERTIFICATE-----...`) or the path of a PEM file, e.g. `/etc/pve/pve-root-ca.pem` copied over. */
    caCertificate: z.string().min(1).optional(),
    /** SHA-256 fingerprint of the API certificate, `AA:BB:...` (`pvenode cert info` on the node). */
    fingerprintSha256: z
      .string()
      .regex(FINGERPRINT, {
        message:
          'expected a SHA-256 fingerprint: 32 hex bytes such as "AA:BB:...:FF" (64 hex digits)',
      })
      .optional(),
  })
  .strict();

// Field schemas shared by the provider config and the per-offering request config.
const vmId = z.number().int().min(100).max(999_999_999);
const storageId = z
  .string()
  .regex(STORAGE, { message: 'expected a Proxmox storage id such as "local-lvm"' })
  .optional();
const bridgeName = z
  .string()
  .regex(BRIDGE, { message: 'expected a bridge interface name such as "vmbr0"' })
  .optional();

/**
 * Settings of the `proxmox` provisioner (validated by `dc-agent doctor` too). The token secret is
 * given inline or as a file; neither is ever logged.
 */
export const ProxmoxConfigSchema = z
  .object({
    /** `https://host:8006`, without `/api2/json`. */
    baseUrl: z.url({ message: 'expected the API address such as "https://pve.example.com:8006"' }),
    /** `user@realm!tokenname`, e.g. `dc@pve!agent`. */
    tokenId: z
      .string()
      .regex(TOKEN_ID, { message: 'expected "user@realm!tokenname", e.g. "dc@pve!agent"' }),
    tokenSecret: z.string().min(1).optional(),
    /** File holding the token secret (mode 0600), instead of `tokenSecret`. */
    tokenSecretFile: z.string().min(1).optional(),
    /** The node VMs are cloned on (and the template lives on). */
    node: z.string().regex(NODE, { message: 'expected a Proxmox node name such as "pve"' }),
    /** VM id of the cloud-init template used when a request's `image` is not a VM id. */
    templateVmId: vmId,
    /** Target storage of the full clone (default: the template's storage). */
    storage: storageId,
    /** Bridge of the VM's first network interface (default: the template's). */
    bridge: bridgeName,
    /** The disk grown to the requested size (default `scsi0`). */
    disk: z
      .string()
      .regex(DISK, { message: 'expected a disk such as "scsi0" or "virtio0"' })
      .optional(),
    tls: ProxmoxTlsSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if ((config.tokenSecret === undefined) === (config.tokenSecretFile === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['tokenSecret'],
        message: 'set exactly one of tokenSecret and tokenSecretFile',
      });
    }
    const protocol = URL.canParse(config.baseUrl) ? new URL(config.baseUrl).protocol : '';
    if (protocol !== 'https:' && protocol !== 'http:') {
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: `expected an https:// address, got "${config.baseUrl}"`,
      });
      return;
    }
    const tlsOptions = [config.tls?.caCertificate, config.tls?.fingerprintSha256].filter(
      (v) => v !== undefined,
    ).length;
    if (protocol === 'https:' && tlsOptions !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['tls'],
        message:
          'an https baseUrl needs exactly one of tls.caCertificate (PEM or file path) and tls.fingerprintSha256 ("AA:BB:..."); certificate verification cannot be turned off',
      });
    }
    if (protocol === 'http:' && config.tls !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['tls'],
        message: 'tls settings need an https:// baseUrl',
      });
    }
  });

/** Validated `proxmox` provisioner settings. */
export type ProxmoxConfig = z.infer<typeof ProxmoxConfigSchema>;

/**
 * Per-offering overrides a request may carry in `ProvisionRequest.config` (all optional, unknown
 * keys rejected).
 */
export const ProxmoxRequestConfigSchema = z
  .object({
    templateVmId: vmId.optional(),
    storage: storageId,
    bridge: bridgeName,
  })
  .strict();

/** Validated per-request overrides. */
export type ProxmoxRequestConfig = z.infer<typeof ProxmoxRequestConfigSchema>;

/** `AA:BB:...` upper case, the form Node reports in `fingerprint256`. */
export function normalizeFingerprint(fingerprint: string): string {
  const hex = fingerprint.replace(/:/g, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? hex;
}
