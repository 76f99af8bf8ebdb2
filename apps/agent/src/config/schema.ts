import { REGIONS, type Region } from '@dc/client/agent';
import { z } from 'zod';

/** Provisioner kinds the agent can run (the built-ins of `@dc/provisioners`). */
export const AGENT_PROVISIONER_KINDS = [
  'hetzner',
  'proxmox',
  'docker',
  'digitalocean',
  'vultr',
  'script',
] as const;

/** A provisioner kind the agent can run. */
export type ProvisionerKind = (typeof AGENT_PROVISIONER_KINDS)[number];

/** A provisioner's name: the `[provisioners.<name>]` section, reported with every instance. */
export const PROVISIONER_NAME = /^[a-z][a-z0-9_-]{1,31}$/;

const seconds = (min: number, max: number, fallback: number) =>
  z
    .number({ message: `must be a whole number of seconds from ${min} to ${max}` })
    .int({ message: `must be a whole number of seconds from ${min} to ${max}` })
    .min(min, { message: `must be at least ${min} seconds` })
    .max(max, { message: `must be at most ${max} seconds` })
    .default(fallback);

/** The `[api]` table. */
export const ApiSectionSchema = z.strictObject({
  /** The Decent Cloud API, e.g. `https://api.decent-cloud.org`. */
  url: z.url({
    protocol: /^https?$/,
    message: 'must be an http(s) URL such as "https://api.decent-cloud.org"',
  }),
});

/** The `[agent]` table (TOML keys, durations in seconds). */
export const AgentSectionSchema = z.strictObject({
  key_file: z.string().min(1, { message: 'must be a file path' }).default('./dc-agent.key'),
  state_dir: z.string().min(1, { message: 'must be a folder path' }).default('./dc-agent-state'),
  region: z.enum(REGIONS, { message: `must be one of ${REGIONS.join(', ')}` }),
  concurrency: z
    .number({ message: 'must be a whole number from 1 to 64' })
    .int({ message: 'must be a whole number from 1 to 64' })
    .min(1, { message: 'must be at least 1' })
    .max(64, { message: 'must be at most 64' })
    .default(4),
  shutdown_timeout_seconds: seconds(1, 3_600, 30),
  heartbeat_interval_seconds: seconds(5, 60, 30),
  health_interval_seconds: seconds(30, 86_400, 300),
  reconcile_interval_seconds: seconds(30, 86_400, 300),
  orphan_grace_seconds: seconds(60, 30 * 86_400, 3_600),
});

/**
 * The common keys of a `[provisioners.<name>]` table; every other key belongs to the
 * provisioner's own config schema (written in snake_case).
 */
export const ProvisionerCommonSchema = z.object({
  kind: z.enum(AGENT_PROVISIONER_KINDS).optional(),
  default: z.boolean({ message: 'must be true or false' }).optional(),
});

/** One configured provisioner. */
export interface ProvisionerEntry {
  /** The section name; instances are reported with it as their `provisioner`. */
  readonly name: string;
  readonly kind: ProvisionerKind;
  readonly isDefault: boolean;
  /** The provisioner's own config, camelCase, secrets resolved, validated by its schema. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** The agent's settings as `run`, `doctor` and the runtime use them. */
export interface AgentSettings {
  /** Absolute path of the agent key file. */
  readonly keyFile: string;
  /** Absolute path of the state folder (status.json, orphans.json). */
  readonly stateDir: string;
  readonly region: Region;
  readonly concurrency: number;
  readonly shutdownTimeoutMs: number;
  readonly heartbeatIntervalMs: number;
  readonly healthIntervalMs: number;
  readonly reconcileIntervalMs: number;
  readonly orphanGraceMs: number;
}

/** A loaded, validated configuration file. */
export interface AgentConfig {
  /** The absolute path of the file it came from. */
  readonly path: string;
  readonly api: { readonly url: string };
  /** Paths are resolved relative to the config file's folder. */
  readonly agent: AgentSettings;
  /** At least one, exactly one `isDefault`; empty when loaded with `provisioners: false`. */
  readonly provisioners: readonly ProvisionerEntry[];
}
