import {
  createDigitalOceanProvisioner,
  createDockerProvisioner,
  createHetznerProvisioner,
  createProxmoxProvisioner,
  createScriptProvisioner,
  createVultrProvisioner,
  DigitalOceanConfigSchema,
  DockerConfigSchema,
  HetznerConfigSchema,
  type Logger,
  type Provisioner,
  ProxmoxConfigSchema,
  ScriptConfigSchema,
  VultrConfigSchema,
} from '@dc/provisioners';
import type { z } from 'zod';
import type { ProvisionerKind } from './schema';

/** How the agent validates and builds one provisioner kind. */
export interface KindDefinition {
  /** The provisioner's own config schema (camelCase keys). */
  readonly schema: z.ZodType;
  create(config: Record<string, unknown>, logger: Logger): Provisioner;
}

// Each factory validates again; the config was already checked by the same schema at load, so
// this never fails for a loaded config.
/** Every provisioner kind the agent runs, with its schema and factory. */
export const KINDS: Readonly<Record<ProvisionerKind, KindDefinition>> = {
  hetzner: {
    schema: HetznerConfigSchema,
    create: (config, logger) => createHetznerProvisioner(config as never, { logger }),
  },
  proxmox: {
    schema: ProxmoxConfigSchema,
    create: (config, logger) => createProxmoxProvisioner(config as never, { logger }),
  },
  docker: {
    schema: DockerConfigSchema,
    create: (config, logger) => createDockerProvisioner(config as never, { logger }),
  },
  digitalocean: {
    schema: DigitalOceanConfigSchema,
    create: (config, logger) => createDigitalOceanProvisioner(config as never, { logger }),
  },
  vultr: {
    schema: VultrConfigSchema,
    create: (config, logger) => createVultrProvisioner(config as never, { logger }),
  },
  script: {
    schema: ScriptConfigSchema,
    create: (config, logger) => createScriptProvisioner(config as never, { logger }),
  },
};
