import {
  DigitalOceanConfigSchema,
  DockerConfigSchema,
  HetznerConfigSchema,
  type Logger,
  type Provisioner,
  ProxmoxConfigSchema,
  ScriptConfigSchema,
  VultrConfigSchema,
} from '@dc/provisioners/core';
import type { z } from 'zod';
import type { ProvisionerKind } from './schema';

/** Builds one provisioner from its validated config. */
export type ProvisionerFactory = (config: Record<string, unknown>, logger: Logger) => Provisioner;

/** How the agent validates and builds one provisioner kind. */
export interface KindDefinition {
  /** The provisioner's own config schema (camelCase keys); loaded with the config, always. */
  readonly schema: z.ZodType;
  /**
   * Loads the provisioner's code and HTTP client. Only the kinds a config names are ever
   * loaded: an agent running one cloud does not hold the code of the others in memory.
   */
  load(): Promise<ProvisionerFactory>;
}

// Each factory validates again; the config was already checked by the same schema at load, so
// this never fails for a loaded config. The specifiers are literal so a bundler sees them.
/** Every provisioner kind the agent runs, with its schema and factory. */
export const KINDS: Readonly<Record<ProvisionerKind, KindDefinition>> = {
  hetzner: {
    schema: HetznerConfigSchema,
    load: async () => {
      const { createHetznerProvisioner } = await import('@dc/provisioners/hetzner');
      return (config, logger) => createHetznerProvisioner(config as never, { logger });
    },
  },
  proxmox: {
    schema: ProxmoxConfigSchema,
    load: async () => {
      const { createProxmoxProvisioner } = await import('@dc/provisioners/proxmox');
      return (config, logger) => createProxmoxProvisioner(config as never, { logger });
    },
  },
  docker: {
    schema: DockerConfigSchema,
    load: async () => {
      const { createDockerProvisioner } = await import('@dc/provisioners/docker');
      return (config, logger) => createDockerProvisioner(config as never, { logger });
    },
  },
  digitalocean: {
    schema: DigitalOceanConfigSchema,
    load: async () => {
      const { createDigitalOceanProvisioner } = await import('@dc/provisioners/digitalocean');
      return (config, logger) => createDigitalOceanProvisioner(config as never, { logger });
    },
  },
  vultr: {
    schema: VultrConfigSchema,
    load: async () => {
      const { createVultrProvisioner } = await import('@dc/provisioners/vultr');
      return (config, logger) => createVultrProvisioner(config as never, { logger });
    },
  },
  script: {
    schema: ScriptConfigSchema,
    load: async () => {
      const { createScriptProvisioner } = await import('@dc/provisioners/script');
      return (config, logger) => createScriptProvisioner(config as never, { logger });
    },
  },
};
