import { z } from 'zod';
import { PageQuery, pageOf } from './common';
import { Offering } from './offering';
import { ProviderSummary } from './provider';

export const SEARCH_SORTS = ['price', '-price', 'trust', '-uptime', 'newest'] as const;

/** `GET /v1/offerings`: `q` in the search DSL (see `parseSearchQuery`). */
export const SearchOfferingsQuery = PageQuery.extend({
  q: z.string().max(2000).default(''),
  sort: z.enum(SEARCH_SORTS).optional(),
});

export const OfferingPage = pageOf(Offering);

/** The market comparison of one offering (spec: median of >= 5 comparable listed offerings). */
export const MarketPrice = z.object({
  median_price_per_month: z.number().int().nullable(),
  delta_pct: z.number().nullable(),
  comparables: z.number().int(),
});

export const OfferingDetail = z.object({
  offering: Offering,
  provider: ProviderSummary,
  market: MarketPrice,
});

export const DuplicateOfferingBody = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: 'must be 1-63 lower-case letters, digits and dashes',
  }),
});

export const CSV_ROW_OUTCOMES = ['created', 'updated', 'unchanged', 'error'] as const;

export const ImportOfferingsBody = z.strictObject({
  csv: z
    .string()
    .min(1)
    .max(10 * 1024 * 1024),
  /** Preview only: report what would happen, change nothing (default true). */
  dry_run: z.boolean().default(true),
  /** Commit the good rows even when others fail (default: all or nothing). */
  partial: z.boolean().default(false),
});

export const ImportOfferingsReport = z.object({
  dry_run: z.boolean(),
  committed: z.boolean(),
  rows: z.array(
    z.object({
      /** 1-based line number in the file (the header is line 1). */
      line: z.number().int(),
      slug: z.string().nullable(),
      outcome: z.enum(CSV_ROW_OUTCOMES),
      errors: z.array(z.object({ field: z.string(), message: z.string() })),
      /** For an `updated` row, the fields whose value changes, in column order; else empty. */
      changed_fields: z.array(z.string()),
    }),
  ),
  counts: z.record(z.enum(CSV_ROW_OUTCOMES), z.number().int()),
});
