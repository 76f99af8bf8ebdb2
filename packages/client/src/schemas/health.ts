import { z } from 'zod';

export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.object({
    applied: z.number().int(),
    expected: z.number().int(),
    current: z.boolean(),
  }),
  version: z.string(),
  /** True when the platform runs in sandbox mode (test money; apps label it "local sandbox"). */
  sandbox: z.boolean().default(false),
});
