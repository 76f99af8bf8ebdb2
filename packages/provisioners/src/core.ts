/**
 * `@dc/provisioners/core`: what every program that runs provisioners needs besides the
 * provisioners themselves — the interface, request and instance schemas, typed errors, the
 * poller and every built-in's configuration schema — without loading any provisioner's code or
 * HTTP client. A host validates its whole configuration with this entry and then imports only
 * the provisioners it configured (`@dc/provisioners/hetzner`, ...), so an agent running one
 * cloud does not carry the code of all of them.
 *
 * @packageDocumentation
 */

export { authorizedKeysFile } from './authorized-keys';
export type { ProvisionerErrorCode, ProvisionerErrorOptions } from './errors';
export { isProvisionerError, PROVISIONER_ERROR_CODES, ProvisionerError } from './errors';
export type { Logger } from './logger';
export { silentLogger } from './logger';
export { CONTRACT_LABEL, MANAGED_LABEL, resourceName } from './naming';
export type { PollOptions } from './poll';
export { pollUntil } from './poll';
export type {
  DigitalOceanConfig,
  DigitalOceanConfigInput,
  DigitalOceanOfferingConfig,
} from './providers/digitalocean/config';
export {
  DigitalOceanConfigSchema,
  DigitalOceanOfferingConfigSchema,
} from './providers/digitalocean/config';
export type { DockerConfig, DockerConfigInput } from './providers/docker/config';
export { DockerConfigSchema } from './providers/docker/config';
export type {
  HetznerConfig,
  HetznerConfigInput,
  HetznerRequestConfig,
} from './providers/hetzner/config';
export { HetznerConfigSchema, HetznerRequestConfigSchema } from './providers/hetzner/config';
export type { ManualConfig, ManualConfigInput } from './providers/manual/config';
export { ManualConfigSchema } from './providers/manual/config';
export type { ProxmoxConfig, ProxmoxRequestConfig } from './providers/proxmox/config';
export {
  ProxmoxConfigSchema,
  ProxmoxRequestConfigSchema,
  ProxmoxTlsSchema,
} from './providers/proxmox/config';
export type { ScriptConfig, ScriptConfigInput } from './providers/script/config';
export { ScriptConfigSchema } from './providers/script/config';
export type { VultrConfig, VultrConfigInput, VultrOfferingConfig } from './providers/vultr/config';
export { VultrConfigSchema, VultrOfferingConfigSchema } from './providers/vultr/config';
export type { Provisioner } from './provisioner';
export type {
  CallContext,
  Capabilities,
  Health,
  Instance,
  ManagedInstance,
  ProvisionRequest,
  SetupReport,
} from './types';
export {
  InstanceSchema,
  MAX_SSH_KEYS,
  ProvisionRequestSchema,
  SshPublicKeySchema,
} from './types';
