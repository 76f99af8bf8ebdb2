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
});
