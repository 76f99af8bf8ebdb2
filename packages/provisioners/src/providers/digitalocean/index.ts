/**
 * The `digitalocean` provisioner: droplets tagged with the contract id, adopted by tag lookup,
 * SSH keys stored only while a droplet is created.
 */
export type { ProvisionerDeps as DigitalOceanProvisionerDeps } from '../_tagged-cloud/deps';
export type {
  DigitalOceanConfig,
  DigitalOceanConfigInput,
  DigitalOceanOfferingConfig,
} from './config';
export { DigitalOceanConfigSchema, DigitalOceanOfferingConfigSchema } from './config';
export { DIGITALOCEAN_KIND } from './convert';
export { classifyDigitalOceanError } from './errors';
export { createDigitalOceanProvisioner, DIGITALOCEAN_CAPABILITIES } from './provisioner';
