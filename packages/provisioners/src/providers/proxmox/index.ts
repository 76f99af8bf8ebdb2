/**
 * The `proxmox` provisioner: Proxmox VE through its API with an API token, TLS checked against a
 * CA or a pinned fingerprint.
 *
 * @packageDocumentation
 */
export type { ProxmoxConfig, ProxmoxRequestConfig } from './config';
export {
  normalizeFingerprint,
  ProxmoxConfigSchema,
  ProxmoxRequestConfigSchema,
  ProxmoxTlsSchema,
} from './config';
export type { ProxmoxConfigInput, ProxmoxProvisionerOptions } from './provisioner';
export { createProxmoxProvisioner } from './provisioner';
