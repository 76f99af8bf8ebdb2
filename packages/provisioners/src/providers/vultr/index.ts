/**
 * The `vultr` provisioner: instances tagged with the contract id, adopted by tag lookup, plan ×
 * region stock checked before creating, SSH keys stored only while an instance is created.
 */
export type { ProvisionerDeps as VultrProvisionerDeps } from '../_tagged-cloud/deps';
export type { VultrConfig, VultrConfigInput, VultrOfferingConfig } from './config';
export { VultrConfigSchema, VultrOfferingConfigSchema } from './config';
export { VULTR_KIND } from './convert';
export { classifyVultrError } from './errors';
export { createVultrProvisioner, VULTR_CAPABILITIES } from './provisioner';
