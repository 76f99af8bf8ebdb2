import { z } from 'zod';

/** Where the Docker Engine listens by default. */
export const DEFAULT_DOCKER_SOCKET = '/var/run/docker.sock';

/**
 * The default SSH server image. It reads the renter's keys from `PUBLIC_KEY` (one key per line)
 * and listens on 2222 inside the container; its login user is `USER_NAME` (default
 * `linuxserver.io`), which a provider can set through `env`.
 */
export const DEFAULT_SSH_IMAGE = 'lscr.io/linuxserver/openssh-server:latest';

const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;

// Loose Docker reference syntax: registry host[:port], path, :tag, @digest. It also keeps an
// image name safe to place in an API path the way the Docker CLI does (unescaped).
const ImageRefSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}$/, {
  message: 'expected a Docker image reference such as "lscr.io/linuxserver/openssh-server:latest"',
});

const PortRangeSchema = z
  .object({
    from: z.number().int().min(1).max(65535),
    to: z.number().int().min(1).max(65535),
  })
  .strict()
  .refine((r) => r.from <= r.to, { message: 'expected from <= to', path: ['to'] });

/**
 * Settings of the docker provisioner, validated by `dc-agent doctor` and at start. Unknown keys
 * are rejected so a typo (`socket_path`) is reported instead of silently ignored.
 */
export const DockerConfigSchema = z
  .object({
    /** The Engine's unix socket. */
    socketPath: z.string().min(1).default(DEFAULT_DOCKER_SOCKET),
    /**
     * Pin the Engine API version (`1.45`). Unset, the version is negotiated: the Engine's own,
     * capped at the newest this provisioner knows.
     */
    apiVersion: z
      .string()
      .regex(/^1\.\d+$/, { message: 'expected an API version such as "1.45"' })
      .optional(),
    /** The SSH server image every container runs, unless `images` maps the request's image. */
    image: ImageRefSchema.default(DEFAULT_SSH_IMAGE),
    /** Offering image names (the request's `image`) mapped to Docker image references. */
    images: z.record(z.string(), ImageRefSchema).optional(),
    /** The port the image's SSH server listens on inside the container (2222 for the default). */
    containerSshPort: z.number().int().min(1).max(65535).default(2222),
    /** The environment variable the image reads the renter's public keys from (one per line). */
    sshKeysEnv: z
      .string()
      .regex(envName, { message: 'expected an environment variable name' })
      .default('PUBLIC_KEY'),
    /** Extra environment for every container (e.g. `USER_NAME`, `SUDO_ACCESS`). Never logged. */
    env: z
      .record(
        z.string().regex(envName, { message: 'expected an environment variable name' }),
        z.string(),
      )
      .default({}),
    /** Publish SSH on a host port from this range; unset, Docker picks an ephemeral port. */
    sshPortRange: PortRangeSchema.optional(),
    /** Host address the SSH port is published on (default: all addresses). */
    bindAddress: z.union([z.ipv4(), z.ipv6()]).optional(),
    /** The host's address renters connect to; unset, the container's own address is reported. */
    publicIpv4: z.ipv4().optional(),
    /** The host's IPv6 address renters connect to, if any. */
    publicIpv6: z.ipv6().optional(),
    /** A Docker network to attach containers to (default: the `bridge` network). */
    network: z.string().min(1).optional(),
    /** When to pull the image: when missing (default), before every create, or never. */
    pullPolicy: z.enum(['missing', 'always', 'never']).default('missing'),
    /** Limit the container's root filesystem to the request's disk size (needs overlay2 on xfs with pquota). */
    limitDisk: z.boolean().default(false),
    /** Timeout of one Engine API call, ms. */
    timeoutMs: z.number().int().positive().default(30_000),
    /** Longest an image pull may take, ms. */
    pullTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(15 * 60_000),
    /** Longest to wait for a started container to be running, ms. */
    startTimeoutMs: z.number().int().positive().default(30_000),
    /**
     * Longest a post-provision script may run, ms. After it the recipe is reported `failed`
     * (it may go on in the container; `getInstance` then reports how it ended).
     */
    recipeTimeoutMs: z
      .number()
      .int()
      .positive()
      .default(10 * 60_000),
  })
  .strict();

/** Settings of the docker provisioner, as written in the agent's config. */
export type DockerConfigInput = z.input<typeof DockerConfigSchema>;
/** Settings of the docker provisioner, with defaults applied. */
export type DockerConfig = z.output<typeof DockerConfigSchema>;
