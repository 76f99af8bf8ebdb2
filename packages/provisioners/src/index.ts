/**
 * `@dc/provisioners`: the Provisioner interface, the machinery every built-in shares (typed
 * errors, one HTTP layer with retries and redacted logging, a poller, cloud-init user data),
 * and the built-in provisioners.
 *
 * @packageDocumentation
 */

export { authorizedKeysFile } from './authorized-keys';
export { cloudInitUserData } from './cloud-init';
export type { ProvisionerErrorCode, ProvisionerErrorOptions } from './errors';
export { isProvisionerError, PROVISIONER_ERROR_CODES, ProvisionerError } from './errors';
export type { HttpClient, HttpClientOptions, HttpRequest } from './http/client';
export { createHttpClient } from './http/client';
export { collectPages } from './http/paginate';
export { redact } from './http/redact';
export type { RetryPolicy } from './http/retry';
export { retryAfterMs, withRetry } from './http/retry';
export type { Logger } from './logger';
export { silentLogger } from './logger';
export { CONTRACT_LABEL, MANAGED_LABEL, resourceName } from './naming';
export type { PollOptions } from './poll';
export { pollUntil } from './poll';
export type {
  DigitalOceanConfig,
  DigitalOceanConfigInput,
  DigitalOceanOfferingConfig,
  DigitalOceanProvisionerDeps,
} from './providers/digitalocean';
export {
  classifyDigitalOceanError,
  createDigitalOceanProvisioner,
  DIGITALOCEAN_CAPABILITIES,
  DIGITALOCEAN_KIND,
  DigitalOceanConfigSchema,
  DigitalOceanOfferingConfigSchema,
} from './providers/digitalocean';
export type { DockerConfig, DockerConfigInput, DockerProvisionerDeps } from './providers/docker';
export {
  createDockerProvisioner,
  DEFAULT_DOCKER_SOCKET,
  DEFAULT_SSH_IMAGE,
  DockerConfigSchema,
} from './providers/docker';
export type {
  HAction,
  HCallOptions,
  HCreateServer,
  HCreateServerResult,
  HcloudAdapterOptions,
  HetznerApi,
  HetznerConfig,
  HetznerConfigInput,
  HetznerProvisionerOptions,
  HetznerRequestConfig,
  HImage,
  HLocation,
  HServer,
  HServerType,
  HSshKey,
} from './providers/hetzner';
export {
  classifyHetznerError,
  createHcloudAdapter,
  createHetznerProvisioner,
  HETZNER_KIND,
  HetznerConfigSchema,
  HetznerRequestConfigSchema,
  hetznerContractIdOf,
  hetznerContractLabels,
  parseHetznerConfig,
  sshKeyMd5Fingerprint,
} from './providers/hetzner';
export type {
  ManualCompletionSource,
  ManualConfig,
  ManualConfigInput,
  ManualInstanceDetails,
  ManualProvisionerDeps,
  ManualWebhookEvent,
  ManualWebhookEventName,
  WebhookCheck,
} from './providers/manual';
export {
  createManualProvisioner,
  InMemoryCompletionSource,
  MANUAL_ID_PREFIX,
  ManualConfigSchema,
  ManualInstanceDetailsSchema,
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_DELIVERY_HEADER,
  WEBHOOK_EVENT_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from './providers/manual';
export type {
  ProxmoxConfig,
  ProxmoxConfigInput,
  ProxmoxProvisionerOptions,
  ProxmoxRequestConfig,
} from './providers/proxmox/index';
export {
  createProxmoxProvisioner,
  ProxmoxConfigSchema,
  ProxmoxRequestConfigSchema,
  ProxmoxTlsSchema,
} from './providers/proxmox/index';
export type {
  ScriptAction,
  ScriptConfig,
  ScriptConfigInput,
  ScriptProvisionerDeps,
  ScriptReply,
  ScriptRequest,
} from './providers/script';
export {
  createScriptProvisioner,
  PASSED_ENV,
  SCRIPT_PROTOCOL_VERSION,
  ScriptConfigSchema,
  ScriptReplySchema,
} from './providers/script';
export type {
  VultrConfig,
  VultrConfigInput,
  VultrOfferingConfig,
  VultrProvisionerDeps,
} from './providers/vultr';
export {
  classifyVultrError,
  createVultrProvisioner,
  VULTR_CAPABILITIES,
  VULTR_KIND,
  VultrConfigSchema,
  VultrOfferingConfigSchema,
} from './providers/vultr';
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
