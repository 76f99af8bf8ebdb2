import {
  DigitalOceanOfferingConfigSchema,
  HetznerRequestConfigSchema,
  ProxmoxRequestConfigSchema,
  VultrOfferingConfigSchema,
} from '@dc/provisioners';
import { z } from 'zod';

/**
 * The schema of an offering's `provisioner_config` for each built-in provisioner kind: what the
 * provisioner reads from `ProvisionRequest.config` when it builds a server for this offering.
 *
 * - hetzner, proxmox, digitalocean, vultr: their exported per-offering schemas (strict, so a
 *   misspelt key is refused instead of silently ignored at provisioning time).
 * - docker reads no per-offering settings, so anything but `{}` would be a value that is
 *   silently dropped: refused.
 * - script and manual pass the object through to the provider's own program or people
 *   unchanged; only the provider knows its shape, so any object is accepted.
 *
 * Custom kinds (a provider's own agent plug-in) are not listed and are not checked here.
 */
export const PROVISIONER_CONFIG_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  hetzner: HetznerRequestConfigSchema,
  proxmox: ProxmoxRequestConfigSchema,
  digitalocean: DigitalOceanOfferingConfigSchema,
  vultr: VultrOfferingConfigSchema,
  docker: z.strictObject({}, { error: 'docker reads no per-offering settings; send {}' }),
  script: z.record(z.string(), z.unknown()),
  manual: z.record(z.string(), z.unknown()),
};

/** The per-offering config schema of `kind`, or `undefined` for a custom kind. */
export function provisionerConfigSchema(kind: string): z.ZodType | undefined {
  return Object.hasOwn(PROVISIONER_CONFIG_SCHEMAS, kind)
    ? PROVISIONER_CONFIG_SCHEMAS[kind]
    : undefined;
}
