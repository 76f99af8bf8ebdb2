import { z } from 'zod';

const RegionId = z
  .string()
  .regex(/^[a-z0-9-]{2,16}$/, { message: 'expected a Vultr region id such as "fra" or "ewr"' });
const PlanId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'expected a Vultr plan id such as "vc2-1c-1gb"' });
const OsId = z.number().int().positive();
const ImageId = z.string().min(1).max(128);

/**
 * Settings of the Vultr provisioner (the provider's `provisioners.vultr` config). Unknown keys
 * are rejected. The API key is a secret: inline (`apiKey`) or, better, a file readable only by
 * the agent (`apiKeyFile`); it is never logged.
 *
 * Region, plan and OS are chosen, in order, from the offering's `config` (see
 * {@link VultrOfferingConfigSchema}), then these settings, then the request itself (`location`
 * as region id, a numeric `image` as OS id; the plan is then the cheapest one with enough vCPUs,
 * memory and disk that the region has in stock).
 */
export const VultrConfigSchema = z
  .object({
    /** API key (Account → API). */
    apiKey: z.string().min(1).optional(),
    /** File holding the API key (mode 0600). */
    apiKeyFile: z.string().min(1).optional(),
    /** Region id used for every instance, e.g. `fra`. */
    region: RegionId.optional(),
    /** Plan id used for every instance, e.g. `vc2-1c-2gb`. */
    plan: PlanId.optional(),
    /** Plan id per offering id; wins over `plan`. */
    plans: z.record(z.string().min(1), PlanId).optional(),
    /** Operating system id (`GET /v2/os`), e.g. 2284 for Ubuntu 24.04 x64. */
    osId: OsId.optional(),
    /** Marketplace / custom image id, instead of `osId`. */
    imageId: ImageId.optional(),
    /** API root (tests, proxies). */
    baseUrl: z.url().default('https://api.vultr.com/v2'),
    /** Wait between polls of a new instance, ms. */
    pollIntervalMs: z.number().int().min(1).max(60_000).default(3_000),
    /** How long an instance may take to become active and running, ms. */
    createTimeoutMs: z.number().int().min(1_000).max(3_600_000).default(900_000),
    /** Items per page when listing (the API allows at most 500). */
    pageSize: z.number().int().min(1).max(500).default(100),
  })
  .strict()
  .refine((c) => (c.apiKey === undefined) !== (c.apiKeyFile === undefined), {
    message: 'set exactly one of apiKey or apiKeyFile',
    path: ['apiKey'],
  })
  .refine((c) => c.osId === undefined || c.imageId === undefined, {
    message: 'set osId or imageId, not both',
    path: ['imageId'],
  });

/** Parsed {@link VultrConfigSchema}. */
export type VultrConfig = z.infer<typeof VultrConfigSchema>;
/** What a provider writes (defaults optional). */
export type VultrConfigInput = z.input<typeof VultrConfigSchema>;

/** Per-offering overrides in `ProvisionRequest.config`. */
export const VultrOfferingConfigSchema = z
  .object({
    region: RegionId.optional(),
    plan: PlanId.optional(),
    osId: OsId.optional(),
    imageId: ImageId.optional(),
  })
  .strict()
  .refine((c) => c.osId === undefined || c.imageId === undefined, {
    message: 'set osId or imageId, not both',
    path: ['imageId'],
  });

/** Parsed {@link VultrOfferingConfigSchema}. */
export type VultrOfferingConfig = z.infer<typeof VultrOfferingConfigSchema>;
