/**
 * The Hetzner Cloud provisioner: configuration schema, factory, and the adapter interface its
 * API client sits behind.
 */
export type {
  HAction,
  HCallOptions,
  HCreateServer,
  HCreateServerResult,
  HetznerApi,
  HImage,
  HLocation,
  HServer,
  HServerType,
  HSshKey,
} from './api';
export type { HetznerConfig, HetznerConfigInput, HetznerRequestConfig } from './config';
export { HetznerConfigSchema, HetznerRequestConfigSchema, parseHetznerConfig } from './config';
export { HETZNER_KIND } from './convert';
export { classifyHetznerError } from './errors';
export type { HcloudAdapterOptions } from './hcloud-adapter';
export { createHcloudAdapter } from './hcloud-adapter';
export {
  contractIdOf as hetznerContractIdOf,
  contractLabels as hetznerContractLabels,
} from './labels';
export type { HetznerProvisionerOptions } from './provisioner';
export { createHetznerProvisioner } from './provisioner';
export { sshKeyMd5Fingerprint } from './ssh-fingerprint';
