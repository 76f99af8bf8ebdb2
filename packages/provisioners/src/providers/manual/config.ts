import { z } from 'zod';

/**
 * Settings of the manual provisioner. The webhook is optional (the provider also sees new
 * contracts in the dashboard); when a URL is given, a secret to sign with is required.
 */
export const ManualConfigSchema = z
  .object({
    /** Where new contracts and terminations are announced (POST, signed JSON). */
    webhookUrl: z
      .url({
        protocol: /^https?$/,
        message: 'expected an http(s) URL such as "https://ops.example.com/dc-hook"',
      })
      .optional(),
    /** HMAC-SHA256 key of the `X-DC-Signature` header; at least 32 characters. Never logged. */
    webhookSecret: z
      .string()
      .min(32, { message: 'expected at least 32 characters (e.g. openssl rand -hex 32)' })
      .optional(),
    /** Timeout of one webhook delivery attempt, ms. */
    webhookTimeoutMs: z.number().int().positive().default(10_000),
    /**
     * Give up waiting for the provider after this long, ms (a retryable timeout: the job goes
     * back on the queue, the contract is not failed). Unset: wait until the agent cancels.
     */
    waitTimeoutMs: z.number().int().positive().optional(),
  })
  .strict()
  .refine((c) => c.webhookUrl === undefined || c.webhookSecret !== undefined, {
    message:
      'webhookSecret is required with webhookUrl: receivers check every call by its signature',
    path: ['webhookSecret'],
  });

/** Settings of the manual provisioner, as written in the agent's config. */
export type ManualConfigInput = z.input<typeof ManualConfigSchema>;
/** Settings of the manual provisioner, with defaults applied. */
export type ManualConfig = z.output<typeof ManualConfigSchema>;
