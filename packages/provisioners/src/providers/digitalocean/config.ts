import { z } from 'zod';

const slug = (example: string) =>
  z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/, {
    message: `expected a lower-case DigitalOcean slug such as "${example}"`,
  });

const RegionSlug = slug('fra1');
const SizeSlug = slug('s-1vcpu-1gb');
const ImageSlug = z.string().regex(/^([a-z0-9][a-z0-9.-]{0,127}|\d+)$/, {
  message: 'expected an image slug such as "ubuntu-24-04-x64" or a numeric image id',
});

/**
 * Settings of the DigitalOcean provisioner (the provider's `provisioners.digitalocean` config).
 * Unknown keys are rejected. The token is a secret: give it inline (`token`) or, better, as a
 * file readable only by the agent (`tokenFile`); it is never logged.
 *
 * Region, size and image are chosen, in order, from the offering's `config` (see
 * {@link DigitalOceanOfferingConfigSchema}), then these settings, then the request itself
 * (`location` as region slug, `image` as image slug; the size is then the cheapest one with
 * enough vCPUs, memory and disk that the region sells).
 */
export const DigitalOceanConfigSchema = z
  .object({
    /** Personal access token with read and write scope. */
    token: z.string().min(1).optional(),
    /** File holding the token (mode 0600). */
    tokenFile: z.string().min(1).optional(),
    /** Region slug used for every server, e.g. `fra1`. */
    region: RegionSlug.optional(),
    /** Size slug used for every server, e.g. `s-2vcpu-4gb`. */
    size: SizeSlug.optional(),
    /** Size slug per offering id; wins over `size`. */
    sizes: z.record(z.string().min(1), SizeSlug).optional(),
    /** Image slug or id used for every server, e.g. `ubuntu-24-04-x64`. */
    image: ImageSlug.optional(),
    /** API root (tests, proxies). */
    baseUrl: z.url().default('https://api.digitalocean.com/v2'),
    /** Wait between polls of an action, ms. */
    pollIntervalMs: z.number().int().min(1).max(60_000).default(2_000),
    /** How long a droplet may take to become active, ms. */
    createTimeoutMs: z.number().int().min(1_000).max(3_600_000).default(600_000),
    /** Items per page when listing (the API allows at most 200). */
    pageSize: z.number().int().min(1).max(200).default(200),
  })
  .strict()
  .refine((c) => (c.token === undefined) !== (c.tokenFile === undefined), {
    message: 'set exactly one of token or tokenFile',
    path: ['token'],
  });

/** Parsed {@link DigitalOceanConfigSchema}. */
export type DigitalOceanConfig = z.infer<typeof DigitalOceanConfigSchema>;
/** What a provider writes (defaults optional). */
export type DigitalOceanConfigInput = z.input<typeof DigitalOceanConfigSchema>;

/** Per-offering overrides in `ProvisionRequest.config`. */
export const DigitalOceanOfferingConfigSchema = z
  .object({ region: RegionSlug.optional(), size: SizeSlug.optional(), image: ImageSlug.optional() })
  .strict();

/** Parsed {@link DigitalOceanOfferingConfigSchema}. */
export type DigitalOceanOfferingConfig = z.infer<typeof DigitalOceanOfferingConfigSchema>;
