import { z } from 'zod';

/** One failed check of a validation error, located by its path in the input. */
export const FieldIssue = z.object({
  /** Dotted path from the input's root, e.g. `body.price_per_month` or `query.limit`. */
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

/**
 * An RFC 9457 problem document. `code` is stable and machine-readable; `title` and `detail` are
 * for people and may change. Validation problems list every failed field in `errors`.
 */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  request_id: z.string().optional(),
  errors: z.array(FieldIssue).optional(),
  /** Seconds to wait before retrying (429 and 503). */
  retry_after: z.number().optional(),
});
export type Problem = z.infer<typeof Problem>;
