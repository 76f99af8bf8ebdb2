import { z } from 'zod';

/**
 * A renter's SSH public key line (`ssh-ed25519 AAAA... comment`): the key types `@dc/client`
 * accepts at rental, so every key a contract holds can be provisioned.
 */
export const SshPublicKeySchema = z
  .string()
  .trim()
  .regex(
    /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com) [A-Za-z0-9+/=]+( .*)?$/,
    {
      message: 'expected an OpenSSH public key line such as "ssh-ed25519 AAAA... user@host"',
    },
  );

/**
 * The most SSH public keys one server gets: as many as a contract may hold (`@dc/client`'s
 * rental and rotation bodies allow 20).
 */
export const MAX_SSH_KEYS = 20;

/** What the agent asks a provisioner to build (one contract). */
export const ProvisionRequestSchema = z.object({
  contractId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/, { message: 'expected 8-128 characters of [A-Za-z0-9_-]' }),
  offeringId: z.string().min(1).max(128),
  cpuCores: z.number().int().min(1).max(512),
  memoryMiB: z
    .number()
    .int()
    .min(128)
    .max(16 * 1024 * 1024),
  diskGiB: z
    .number()
    .int()
    .min(1)
    .max(1024 * 1024),
  /** Image or template name in the provisioner's terms (e.g. `ubuntu-24.04`, a Proxmox template id). */
  image: z.string().min(1).max(256),
  /** Location / region / node, in the provisioner's terms. */
  location: z.string().min(1).max(128),
  sshPublicKeys: z.array(SshPublicKeySchema).max(MAX_SSH_KEYS),
  /** Provider-defined settings, validated by the provisioner's own config schema. */
  config: z.record(z.string(), z.unknown()).default({}),
  /** Post-provision script ("recipe"), run once at first boot (cloud-init where supported). */
  script: z
    .string()
    .max(64 * 1024)
    .optional(),
  /**
   * The caller knows no earlier attempt for this contract can have created anything (the
   * agent's first lease of the contract's provision job): a provisioner may skip looking for an
   * existing server before creating one. It still adopts one it runs into (a name already
   * taken), so a wrong hint costs a call, never a second server. Absent: look first.
   */
  firstAttempt: z.boolean().optional(),
});

/** A validated provision request. */
export type ProvisionRequest = z.infer<typeof ProvisionRequestSchema>;

/** Where an instance is in its life, as far as the cloud says. */
export const InstanceStatusSchema = z.enum([
  'creating',
  'running',
  'stopped',
  'waiting_for_provider',
  'unknown',
]);

/** How a post-provision script went, when it could be learned without SSH. */
export const RecipeResultSchema = z.object({
  status: z.enum(['not_run', 'pending', 'succeeded', 'failed', 'unknown']),
  exitCode: z.number().int().optional(),
  /** Last lines of the script's output (at most 4 KiB). */
  logTail: z.string().max(4096).optional(),
  /** Why the status is what it is when the script's output cannot say (e.g. a timeout). */
  message: z.string().max(1024).optional(),
});

/** A server as the provisioner reports it. */
export const InstanceSchema = z.object({
  /** The cloud's id for it (Hetzner server id, Proxmox `node/vmid`, droplet id...). */
  externalId: z.string().min(1),
  /** Which provisioner made it; termination goes to exactly this one. */
  provisioner: z.string().min(1),
  contractId: z.string(),
  status: InstanceStatusSchema,
  ipv4: z.string().nullable(),
  ipv6: z.string().nullable(),
  sshPort: z.number().int().min(1).max(65535),
  /** Initial root password when the cloud set one; the agent seals it and never logs it. */
  rootPassword: z.string().optional(),
  recipe: RecipeResultSchema.optional(),
});

/** A server as the provisioner reports it. */
export type Instance = z.infer<typeof InstanceSchema>;

/** One of our servers found by `listInstances` (by name/label). */
export type ManagedInstance = Pick<
  Instance,
  'externalId' | 'provisioner' | 'contractId' | 'status'
>;

/** What `health` says about a server. */
export type Health =
  | { readonly state: 'healthy'; readonly uptimeSeconds: number | null }
  | { readonly state: 'unhealthy'; readonly reason: string }
  | { readonly state: 'unknown'; readonly reason: string };

/** Result of `verifySetup`: problems found in a provider's configuration. */
export interface SetupReport {
  readonly ok: boolean;
  readonly errors: readonly string[];
  readonly warnings: readonly string[];
}

/** What a provisioner can do besides the required calls. */
export interface Capabilities {
  readonly stop: boolean;
  readonly resetPassword: boolean;
  readonly resize: boolean;
  readonly list: boolean;
}

/** Per-call context: cancellation and a logger. */
export interface CallContext {
  readonly signal?: AbortSignal;
}
