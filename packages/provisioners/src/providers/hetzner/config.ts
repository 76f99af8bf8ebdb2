import { z } from 'zod';
import { ProvisionerError } from '../../errors';

/** Hetzner's label name rule: at most 63 characters, alphanumeric at both ends, `-_.` inside. */
export const HETZNER_LABEL_NAME = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
/** Hetzner's label value rule: like a name, but may be empty. */
export const HETZNER_LABEL_VALUE = /^([a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)?$/;
// A key is `[prefix/]name`, the prefix a DNS subdomain of at most 253 characters.
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

const LabelsSchema = z
  .record(
    z.string().regex(LABEL_KEY, {
      message:
        'label keys are [prefix/]name, name 1-63 characters of [a-zA-Z0-9-_.], alphanumeric at both ends',
    }),
    z.string().regex(HETZNER_LABEL_VALUE, {
      message: 'label values are 0-63 characters of [a-zA-Z0-9-_.], alphanumeric at both ends',
    }),
  )
  .refine((labels) => !Object.keys(labels).some((k) => k.startsWith('dc-')), {
    message:
      'label keys starting with "dc-" are reserved for Decent Cloud (dc-contract, dc-managed)',
  });

const ServerTypeNameSchema = z.string().regex(/^[a-z0-9-]{2,32}$/, {
  message: 'expected a Hetzner server type name such as "cx22" or "cax11"',
});

/**
 * Settings of the Hetzner provisioner (a provider's `provisioners.hetzner` block). Exported so
 * `dc-agent doctor` validates a configuration file without building a provisioner. Unknown keys
 * are rejected so a typo (`servertype`) is an error, not a silently ignored setting.
 */
export const HetznerConfigSchema = z
  .object({
    /** API token of a Hetzner Cloud project (Read & Write). Never logged. */
    token: z.string().min(1).optional(),
    /** File holding the token (first line), instead of `token`. Read lazily, never logged. */
    tokenFile: z.string().min(1).optional(),
    /** API base URL; only tests and proxies change it. */
    baseUrl: z.url().default('https://api.hetzner.cloud/v1'),
    /** Location used when a request's location is `default` (e.g. `fsn1`, `nbg1`, `hel1`, `ash`). */
    location: z.string().min(1).default('fsn1'),
    /**
     * Server type: one name for every offering (`"cx22"`), or a map offering id -> name. An
     * offering without a mapping gets the cheapest type in the location that fits its cores,
     * memory and disk.
     */
    serverType: z
      .union([ServerTypeNameSchema, z.record(z.string().min(1), ServerTypeNameSchema)])
      .optional(),
    /** CPU architecture picked automatically when no server type is named (default x86). */
    architecture: z.enum(['x86', 'arm']).default('x86'),
    /** Image used when a request's image is `default`. */
    image: z.string().min(1).default('ubuntu-24.04'),
    /** Extra labels put on every server and SSH key (the `dc-` keys are reserved). */
    labels: LabelsSchema.optional(),
    /** Per-request timeout, ms. */
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000),
    /** How often an action is polled, ms. */
    pollIntervalMs: z.number().int().min(1).max(60_000).default(1_000),
    /** How long a create, delete or power action may take, ms. */
    actionTimeoutMs: z.number().int().min(1_000).max(3_600_000).default(600_000),
    /** How long server types, locations and images are cached, ms. */
    catalogTtlMs: z.number().int().min(0).max(86_400_000).default(300_000),
  })
  .strict()
  .refine((c) => (c.token === undefined) !== (c.tokenFile === undefined), {
    message: 'set exactly one of "token" or "tokenFile"',
    path: ['token'],
  });

/** What a provider writes (defaults not applied). */
export type HetznerConfigInput = z.input<typeof HetznerConfigSchema>;
/** A validated configuration with defaults applied. */
export type HetznerConfig = z.output<typeof HetznerConfigSchema>;

/**
 * Per-offering settings a request may carry in `ProvisionRequest.config`; they override the
 * request's own location and image and the configured server type.
 */
export const HetznerRequestConfigSchema = z
  .object({
    serverType: ServerTypeNameSchema.optional(),
    location: z.string().min(1).optional(),
    image: z.string().min(1).optional(),
  })
  .strict();

/** Validated per-offering settings. */
export type HetznerRequestConfig = z.output<typeof HetznerRequestConfigSchema>;

/** Parses a configuration, or throws `invalid_config` naming each bad field (values never echoed). */
export function parseHetznerConfig(input: unknown): HetznerConfig {
  const result = HetznerConfigSchema.safeParse(input);
  if (!result.success) {
    throw new ProvisionerError(
      'invalid_config',
      `hetzner config: ${describeIssues(result.error.issues)}`,
      {
        retryable: false,
      },
    );
  }
  return result.data;
}

/** `path: message; path: message` for zod issues, without the offending values (they may be secrets). */
export function describeIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): string {
  return issues
    .map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
