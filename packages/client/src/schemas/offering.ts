import { isCurrency } from '@dc/pricing';
import { z } from 'zod';
import { Id, MinorUnits, Timestamp } from './common';
import { COUNTRY_CODES, REGIONS } from './regions';

export const PRODUCT_TYPES = ['compute', 'dedicated', 'gpu', 'storage', 'network'] as const;
export const VIRTUALIZATIONS = ['kvm', 'lxc', 'container', 'bare_metal', 'none'] as const;
export const VISIBILITIES = ['public', 'shared', 'private'] as const;
export const STOCK_STATES = ['in_stock', 'out_of_stock', 'discontinued'] as const;
export const CPU_ARCHES = ['x86_64', 'arm64'] as const;
export const DISK_KINDS = ['ssd', 'nvme', 'hdd'] as const;

/** Largest post-provision script, in UTF-8 bytes (64 KiB). */
export const MAX_SCRIPT_BYTES = 65_536;

const countries = new Set(COUNTRY_CODES);
const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const count = (max: number) => z.number().int().min(0).max(max);
const positive = (max: number) => z.number().int().min(1).max(max);

/**
 * The fields of an offering a provider writes, each with its rule. Hardware is numbers with the
 * unit in the name, never free text. Unknown fields are refused so a typo never silently drops
 * a value.
 */
export const OfferingFields = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: 'must be 1-63 lower-case letters, digits and dashes, starting with a letter or digit',
  }),
  name: z.string().trim().min(1).max(120),
  description: z.string().max(4000).default(''),
  product_page_url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .default(null),
  product_type: z.enum(PRODUCT_TYPES),
  virtualization: z.enum(VIRTUALIZATIONS),
  visibility: z.enum(VISIBILITIES).default('public'),
  stock: z.enum(STOCK_STATES).default('in_stock'),
  draft: z.boolean().default(true),
  currency: z.string().refine(isCurrency, {
    message: 'must be an upper-case ISO 4217 currency code such as USD or EUR',
  }),
  price_per_month: MinorUnits.min(1, { message: 'must be at least 1 minor unit' }),
  setup_fee: MinorUnits.default(0),
  min_hours: positive(87_600).default(1),
  max_hours: positive(87_600).nullable().default(null),
  cpu_cores: positive(4096),
  cpu_model: z.string().trim().min(1).max(120).nullable().default(null),
  cpu_arch: z.enum(CPU_ARCHES).default('x86_64'),
  memory_mib: positive(64 * 1024 * 1024),
  disk_gib: positive(10_000_000),
  disk_kind: z.enum(DISK_KINDS),
  gpu_model: z.string().trim().min(1).max(120).nullable().default(null),
  gpu_count: count(64).default(0),
  gpu_memory_gib: positive(100_000).nullable().default(null),
  bandwidth_mbps: positive(1_000_000),
  /** Monthly traffic allowance; `null` means unmetered. */
  traffic_gib_per_month: positive(100_000_000).nullable().default(null),
  ipv4: z.boolean().default(true),
  ipv6: z.boolean().default(false),
  country: z.string().refine((code) => countries.has(code), {
    message: 'must be an upper-case ISO 3166-1 alpha-2 country code such as DE or US',
  }),
  city: z.string().trim().min(1).max(100).nullable().default(null),
  provisioner: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, {
    message: 'must name a provisioner kind, e.g. hetzner, proxmox, docker, script, manual',
  }),
  provisioner_config: z.record(z.string(), z.unknown()).default({}),
  pool_id: Id.nullable().default(null),
  os_images: z
    .array(
      z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, { message: 'invalid image name' }),
    )
    .min(1, { message: 'list at least one OS image' })
    .max(50),
  post_provision_script: z
    .string()
    .refine((script) => utf8Bytes(script) <= MAX_SCRIPT_BYTES, {
      message: `must be at most ${MAX_SCRIPT_BYTES} bytes of UTF-8`,
    })
    .nullable()
    .default(null),
  /** Usernames that may see and rent a `shared` offering. */
  allowed_accounts: z.array(z.string().min(1).max(64)).max(1000).default([]),
  /** Accept matching rental requests at once, without the provider (contracts spec §2). */
  auto_accept: z.boolean().default(false),
  /** Auto-accept only rentals of at least / at most this many hours; `null`: no bound. */
  auto_accept_min_hours: positive(87_600).nullable().default(null),
  auto_accept_max_hours: positive(87_600).nullable().default(null),
  /** Auto-accept only these renters' usernames; empty: every renter who may rent it. */
  auto_accept_renters: z.array(z.string().min(1).max(64)).max(1000).default([]),
  /**
   * Hours within which the provider answers a renter's message (trust.md §4); a renter message
   * left without a human reply longer is a breach on the provider's record.
   */
  response_sla_hours: positive(720).default(4),
});

/** Rules that involve more than one field; reported on the field a provider would fix. */
function crossFieldChecks(offering: z.output<typeof OfferingFields>, ctx: z.RefinementCtx) {
  if (offering.max_hours !== null && offering.max_hours < offering.min_hours) {
    ctx.addIssue({ code: 'custom', path: ['max_hours'], message: 'must be >= min_hours' });
  }
  if (offering.gpu_count > 0 && offering.gpu_model === null) {
    ctx.addIssue({ code: 'custom', path: ['gpu_model'], message: 'required when gpu_count > 0' });
  }
  if (offering.gpu_count === 0 && offering.gpu_memory_gib !== null) {
    ctx.addIssue({
      code: 'custom',
      path: ['gpu_memory_gib'],
      message: 'must be null when gpu_count is 0',
    });
  }
  if (offering.product_type === 'gpu' && offering.gpu_count === 0) {
    ctx.addIssue({ code: 'custom', path: ['gpu_count'], message: 'must be >= 1 for type gpu' });
  }
  if (
    offering.auto_accept_min_hours !== null &&
    offering.auto_accept_max_hours !== null &&
    offering.auto_accept_max_hours < offering.auto_accept_min_hours
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['auto_accept_max_hours'],
      message: 'must be >= auto_accept_min_hours',
    });
  }
  if (offering.visibility !== 'shared' && offering.allowed_accounts.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['allowed_accounts'],
      message: 'only a shared offering has an allow-list; set visibility to shared',
    });
  }
}

/** A complete, valid offering as a provider submits it (create, CSV import row). */
export const OfferingInput = OfferingFields.superRefine(crossFieldChecks);
export type OfferingInput = z.input<typeof OfferingInput>;
export type OfferingValues = z.output<typeof OfferingInput>;

type Shape = typeof OfferingFields.shape;
type Undefaulted<S> = S extends z.ZodDefault<infer Inner> ? Inner : S;
type PatchShape = { [K in keyof Shape]: z.ZodOptional<Undefaulted<Shape[K]>> };

/**
 * A partial update; the server merges it into the stored offering and checks the result whole.
 * Defaults are stripped: a field the caller leaves out keeps its stored value instead of being
 * reset to the default.
 */
export const OfferingPatch = z.strictObject(
  Object.fromEntries(
    Object.entries(OfferingFields.shape).map(([key, schema]) => [
      key,
      (schema instanceof z.ZodDefault ? schema.unwrap() : schema).optional(),
    ]),
  ) as PatchShape,
);
export type OfferingPatch = z.input<typeof OfferingPatch>;

/** An offering as the API returns it. */
export const Offering = OfferingFields.extend({
  description: z.string(),
  id: Id,
  provider_id: Id,
  provider_username: z.string(),
  region: z.enum(REGIONS),
  /** Listed = public, published, in stock and served by an online agent. */
  listed: z.boolean(),
  online: z.boolean(),
  trust_score: z.number().nullable(),
  uptime_30d: z.number().nullable(),
  /** Percent against the market median (negative = cheaper), null below 5 comparables. */
  market_delta_pct: z.number().nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Offering = z.infer<typeof Offering>;
