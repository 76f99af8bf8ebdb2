// fast-check generators of valid offerings, built from the schema's rules (not from the CSV
// code), leaning on the text a CSV mangles: formula triggers, quotes, separators, line breaks,
// byte order marks, astral and combining characters, lone surrogates.

import fc from 'fast-check';
import {
  CPU_ARCHES,
  DISK_KINDS,
  OfferingInput,
  type OfferingValues,
  PRODUCT_TYPES,
  STOCK_STATES,
  VIRTUALIZATIONS,
  VISIBILITIES,
} from '../../src/schemas/offering';
import { COUNTRY_CODES } from '../../src/schemas/regions';

/** Pieces a CSV writer must quote or escape, or a spreadsheet would act on. */
const TRICKY = fc.constantFrom(
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  "'",
  '"',
  ',',
  ';',
  '\n',
  '\r\n',
  ' ',
  '\uFEFF',
  'ü',
  'e\u0301',
  '中文',
  '🦀',
  '=HYPERLINK("http://x.test","y")',
);

/** Any text without NUL (which PostgreSQL cannot store, so the importer refuses it). */
export function textArb(maxPieces = 8): fc.Arbitrary<string> {
  const piece = fc.oneof(
    TRICKY,
    fc.string({ unit: 'grapheme', maxLength: 6 }),
    fc.string({ unit: 'binary', maxLength: 3 }),
  );
  return fc
    .array(piece, { maxLength: maxPieces })
    .map((pieces) => pieces.join('').replaceAll('\u0000', ''));
}

/** Text that survives `trim().min(1)` and fits `max` code units. */
const nameArb = (max: number) =>
  textArb().filter((text) => text.trim().length > 0 && text.trim().length <= max);

const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

/**
 * A provisioner config as JSON can hold it: fast-check's JSON values include -0, which JSON
 * writes as 0 (and jsonb stores as 0), so values pass through JSON once.
 */
const configArb = fc
  .dictionary(textArb(3), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4, noNullPrototype: true })
  .filter((config) => !JSON.stringify(config).includes('\\u0000'))
  .map((config) => JSON.parse(JSON.stringify(config)) as Record<string, unknown>);

/**
 * An offering input whose fields each follow their rule; the cross-field rules are made to
 * hold by the final map, and `OfferingInput` turns it into the values it outputs.
 */
const offeringInputArb = fc
  .record({
    slug: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/),
    name: nameArb(120),
    description: textArb(),
    product_page_url: nullable(
      fc.oneof(
        fc.webUrl(),
        fc.constantFrom('https://example.com/a?b=1,2&c="d"', 'http://x.test/='),
      ),
    ),
    product_type: fc.constantFrom(...PRODUCT_TYPES),
    virtualization: fc.constantFrom(...VIRTUALIZATIONS),
    visibility: fc.constantFrom(...VISIBILITIES),
    stock: fc.constantFrom(...STOCK_STATES),
    draft: fc.boolean(),
    currency: fc.constantFrom('USD', 'EUR', 'JPY', 'CHF', 'GBP', 'BHD'),
    price_per_month: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    setup_fee: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    min_hours: fc.integer({ min: 1, max: 100 }),
    max_hours: nullable(fc.integer({ min: 100, max: 87_600 })),
    cpu_cores: fc.integer({ min: 1, max: 4096 }),
    cpu_model: nullable(nameArb(120)),
    cpu_arch: fc.constantFrom(...CPU_ARCHES),
    memory_mib: fc.integer({ min: 1, max: 64 * 1024 * 1024 }),
    disk_gib: fc.integer({ min: 1, max: 10_000_000 }),
    disk_kind: fc.constantFrom(...DISK_KINDS),
    gpu_model: nullable(nameArb(120)),
    gpu_count: fc.integer({ min: 0, max: 64 }),
    gpu_memory_gib: nullable(fc.integer({ min: 1, max: 100_000 })),
    bandwidth_mbps: fc.integer({ min: 1, max: 1_000_000 }),
    traffic_gib_per_month: nullable(fc.integer({ min: 1, max: 100_000_000 })),
    ipv4: fc.boolean(),
    ipv6: fc.boolean(),
    country: fc.constantFrom(...COUNTRY_CODES),
    city: nullable(nameArb(100)),
    provisioner: fc.stringMatching(/^[a-z][a-z0-9_-]{1,31}$/),
    provisioner_config: configArb,
    pool_id: nullable(fc.uuid({ version: 4 })),
    os_images: fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/), {
      minLength: 1,
      maxLength: 4,
    }),
    post_provision_script: nullable(textArb()),
    allowed_accounts: fc.array(nameArb(64), { maxLength: 3 }),
  })
  .map((input) => {
    const gpu_count = input.product_type === 'gpu' ? Math.max(1, input.gpu_count) : input.gpu_count;
    return {
      ...input,
      gpu_count,
      gpu_model: gpu_count > 0 ? (input.gpu_model ?? 'NVIDIA L4') : input.gpu_model,
      gpu_memory_gib: gpu_count === 0 ? null : input.gpu_memory_gib,
      allowed_accounts: input.visibility === 'shared' ? input.allowed_accounts : [],
    };
  });

/** A valid offering, exactly as `OfferingInput` outputs it. */
export const offeringValuesArb: fc.Arbitrary<OfferingValues> = offeringInputArb
  .map((input) => OfferingInput.safeParse(input))
  .filter((result) => result.success)
  .map((result) => result.data as OfferingValues);

/** Offerings with distinct slugs, as one provider's export holds them. */
export const offeringListArb = fc.uniqueArray(offeringValuesArb, {
  maxLength: 5,
  selector: (offering) => offering.slug,
});
