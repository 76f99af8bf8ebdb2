import { z } from 'zod';
import { Email, Username } from './account';
import { Id, Timestamp } from './common';
import { COUNTRY_CODES, REGIONS } from './regions';

const countries = new Set(COUNTRY_CODES);

export const SupportPolicy = z.strictObject({
  /** Promised first response to a renter's message, in hours. */
  response_hours: z.number().int().min(1).max(720),
  channels: z.array(z.enum(['email', 'messages', 'chat', 'phone'])).min(1),
  hours: z.string().trim().min(1).max(200),
});

/** A provider's public profile; `legal_name` is what the catalog shows as the seller. */
export const ProviderProfileBody = z.strictObject({
  legal_name: z.string().trim().min(2).max(200),
  display_name: z.string().trim().min(1).max(80),
  website: z
    .url({ protocol: /^https?$/ })
    .nullable()
    .default(null),
  country: z.string().refine((code) => countries.has(code), {
    message: 'must be an upper-case ISO 3166-1 alpha-2 country code',
  }),
  support_email: Email,
  support_policy: SupportPolicy,
  /**
   * The Stripe Connect account (`acct_...`) payouts by Stripe are transferred to. Left out, the
   * stored one is kept; `null` removes it.
   */
  payout_stripe_account: z
    .string()
    .regex(/^acct_[A-Za-z0-9]{1,64}$/, {
      message: 'must be a Stripe Connect account id like acct_1A2b3C4d5E6f7G8h',
    })
    .nullable()
    .optional(),
});

export const ProviderProfile = ProviderProfileBody.extend({
  username: Username,
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** Numbers that describe a provider in the catalog. */
export const ProviderSummary = z.object({
  username: Username,
  legal_name: z.string(),
  display_name: z.string(),
  country: z.string(),
  listed_offerings: z.number().int(),
  online: z.boolean(),
  trust_score: z.number().nullable(),
  member_since: Timestamp,
});

export const PROVISIONER_KINDS = [
  'hetzner',
  'proxmox',
  'docker',
  'digitalocean',
  'vultr',
  'script',
  'manual',
] as const;

export const PoolBody = z.strictObject({
  name: z.string().trim().min(1).max(80),
  region: z.enum(REGIONS),
  country: z
    .string()
    .refine((code) => countries.has(code), { message: 'must be an ISO 3166-1 alpha-2 code' })
    .nullable()
    .default(null),
  /** Provisioner kinds the pool's agents run; custom kinds are allowed by name. */
  provisioner_kinds: z
    .array(z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, { message: 'invalid provisioner kind' }))
    .min(1)
    .max(16),
});

/**
 * A partial pool update. Defaults are stripped: a field left out keeps its stored value instead
 * of being reset (`PoolBody.partial()` would null the country on a rename).
 */
export const PoolPatch = z.strictObject({
  name: PoolBody.shape.name.optional(),
  region: PoolBody.shape.region.optional(),
  country: PoolBody.shape.country.unwrap().optional(),
  provisioner_kinds: PoolBody.shape.provisioner_kinds.optional(),
});

export const Pool = PoolBody.extend({
  id: Id,
  online: z.boolean(),
  last_heartbeat_at: Timestamp.nullable(),
  created_at: Timestamp,
});
