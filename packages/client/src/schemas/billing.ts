import { isEuCountry } from '@dc/pricing';
import { z } from 'zod';
import { Timestamp } from './common';
import { COUNTRY_CODES } from './regions';

const countries = new Set(COUNTRY_CODES);

/** An upper-case ISO 3166-1 alpha-2 country code (Greece is GR here; VIES writes EL). */
export const CountryCode = z.string().refine((code) => countries.has(code), {
  message: 'must be an upper-case ISO 3166-1 alpha-2 country code such as DE',
});

/**
 * The shape of each EU member state's VAT number after its prefix (VIES prefix: EL for Greece),
 * from the European Commission's VIES documentation.
 */
export const EU_VAT_NUMBER_FORMATS: Readonly<Record<string, { re: RegExp; example: string }>> = {
  AT: { re: /^U[0-9]{8}$/, example: 'ATU12345678' },
  BE: { re: /^[01][0-9]{9}$/, example: 'BE0123456789' },
  BG: { re: /^[0-9]{9,10}$/, example: 'BG123456789' },
  CY: { re: /^[0-9]{8}[A-Z]$/, example: 'CY12345678X' },
  CZ: { re: /^[0-9]{8,10}$/, example: 'CZ12345678' },
  DE: { re: /^[0-9]{9}$/, example: 'DE123456789' },
  DK: { re: /^[0-9]{8}$/, example: 'DK12345678' },
  EE: { re: /^[0-9]{9}$/, example: 'EE123456789' },
  EL: { re: /^[0-9]{9}$/, example: 'EL123456789' },
  ES: { re: /^[0-9A-Z][0-9]{7}[0-9A-Z]$/, example: 'ESX1234567X' },
  FI: { re: /^[0-9]{8}$/, example: 'FI12345678' },
  FR: { re: /^[0-9A-HJ-NP-Z]{2}[0-9]{9}$/, example: 'FR12345678901' },
  HR: { re: /^[0-9]{11}$/, example: 'HR12345678901' },
  HU: { re: /^[0-9]{8}$/, example: 'HU12345678' },
  IE: { re: /^([0-9]{7}[A-W][A-I]?|[0-9][A-Z+*][0-9]{5}[A-W])$/, example: 'IE1234567T' },
  IT: { re: /^[0-9]{11}$/, example: 'IT12345678901' },
  LT: { re: /^([0-9]{9}|[0-9]{12})$/, example: 'LT123456789' },
  LU: { re: /^[0-9]{8}$/, example: 'LU12345678' },
  LV: { re: /^[0-9]{11}$/, example: 'LV12345678901' },
  MT: { re: /^[0-9]{8}$/, example: 'MT12345678' },
  NL: { re: /^[0-9]{9}B[0-9]{2}$/, example: 'NL123456789B01' },
  PL: { re: /^[0-9]{10}$/, example: 'PL1234567890' },
  PT: { re: /^[0-9]{9}$/, example: 'PT123456789' },
  RO: { re: /^[1-9][0-9]{1,9}$/, example: 'RO1234567' },
  SE: { re: /^[0-9]{10}01$/, example: 'SE123456789001' },
  SI: { re: /^[0-9]{8}$/, example: 'SI12345678' },
  SK: { re: /^[0-9]{10}$/, example: 'SK1234567890' },
};

/** Postal code shapes of the countries most buyers come from; others get a generic check. */
export const POSTAL_CODE_FORMATS: Readonly<Record<string, { re: RegExp; example: string }>> = {
  AT: { re: /^[0-9]{4}$/, example: '1010' },
  BE: { re: /^[0-9]{4}$/, example: '1000' },
  CH: { re: /^[0-9]{4}$/, example: '8001' },
  DE: { re: /^[0-9]{5}$/, example: '10115' },
  DK: { re: /^[0-9]{4}$/, example: '1050' },
  ES: { re: /^[0-9]{5}$/, example: '28001' },
  FI: { re: /^[0-9]{5}$/, example: '00100' },
  FR: { re: /^[0-9]{5}$/, example: '75001' },
  GB: { re: /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/, example: 'SW1A 1AA' },
  GR: { re: /^[0-9]{3} ?[0-9]{2}$/, example: '105 57' },
  IT: { re: /^[0-9]{5}$/, example: '00118' },
  NL: { re: /^[0-9]{4} ?[A-Z]{2}$/, example: '1012 AB' },
  PL: { re: /^[0-9]{2}-[0-9]{3}$/, example: '00-950' },
  PT: { re: /^[0-9]{4}-[0-9]{3}$/, example: '1000-001' },
  SE: { re: /^[0-9]{3} ?[0-9]{2}$/, example: '111 22' },
  SI: { re: /^[0-9]{4}$/, example: '1000' },
  US: { re: /^[0-9]{5}(-[0-9]{4})?$/, example: '94103' },
};

/**
 * `table[key]` when `key` is the table's own entry. A plain index would also find
 * `Object.prototype` members: a `country` of "valueOf" reached a function there, and the
 * postal-code check threw (a 500 the API's fuzzer found) instead of refusing the country.
 */
function entryOf<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** The VIES prefix of an EU country's VAT numbers: its ISO code, EL for Greece. */
export function vatPrefixOf(country: string): string {
  return country === 'GR' ? 'EL' : country;
}

/** A VAT number as written by people: spaces, dots and dashes go, letters go upper case. */
export function normaliseVatId(value: string): string {
  return value.replace(/[\s.-]/g, '').toUpperCase();
}

const line = (max: number) => z.string().trim().min(1, { message: 'must not be empty' }).max(max);

/** `PUT /v1/billing-settings`: who invoices are made out to. */
export const BillingSettingsInput = z
  .strictObject({
    /** `business` buyers may give a VAT id; a validated EU one makes cross-border sales reverse charge. */
    buyer_kind: z.enum(['individual', 'business']),
    /** The person's name, or the company's legal name. */
    name: line(200),
    address_line1: line(200),
    address_line2: line(200).nullable().default(null),
    postal_code: z.string().trim().toUpperCase().min(1).max(20).nullable().default(null),
    city: line(100),
    region: line(100).nullable().default(null),
    country: CountryCode,
    /** With its country prefix (EL for Greece), e.g. DE123456789. */
    vat_id: z.string().transform(normaliseVatId).nullable().default(null),
  })
  .superRefine((input, ctx) => {
    const postal = entryOf(POSTAL_CODE_FORMATS, input.country);
    if (input.postal_code !== null && postal && !postal.re.test(input.postal_code)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postal_code'],
        message: `is not a ${input.country} postal code (like ${postal.example})`,
      });
    } else if (
      input.postal_code !== null &&
      !/^[A-Z0-9][A-Z0-9 -]{1,11}$/.test(input.postal_code)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['postal_code'],
        message: 'must be 2-12 letters, digits, spaces or dashes',
      });
    }
    if (input.postal_code === null && entryOf(POSTAL_CODE_FORMATS, input.country)) {
      ctx.addIssue({
        code: 'custom',
        path: ['postal_code'],
        message: `is required for ${input.country} addresses`,
      });
    }
    if (input.vat_id === null) return;
    if (input.buyer_kind !== 'business') {
      ctx.addIssue({
        code: 'custom',
        path: ['vat_id'],
        message: 'is only for buyer_kind "business"; individuals have no VAT id on invoices',
      });
      return;
    }
    if (!isEuCountry(input.country)) {
      if (!/^[A-Z0-9]{4,20}$/.test(input.vat_id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['vat_id'],
          message: 'must be 4-20 letters and digits (the tax id of your country)',
        });
      }
      return;
    }
    const prefix = vatPrefixOf(input.country);
    const format = entryOf(EU_VAT_NUMBER_FORMATS, prefix);
    if (!input.vat_id.startsWith(prefix)) {
      ctx.addIssue({
        code: 'custom',
        path: ['vat_id'],
        message: `must start with ${prefix}, the VAT prefix of country ${input.country}`,
      });
    } else if (format && !format.re.test(input.vat_id.slice(prefix.length))) {
      ctx.addIssue({
        code: 'custom',
        path: ['vat_id'],
        message: `is not a ${prefix} VAT number (like ${format.example})`,
      });
    }
  });

/** What the last VIES consultation said about the buyer's VAT id. */
export const VatIdStatus = z.enum(['none', 'valid', 'invalid', 'unverified']);

/** `GET /v1/billing-settings`. */
export const BillingSettings = z.object({
  buyer_kind: z.enum(['individual', 'business']),
  name: z.string(),
  address_line1: z.string(),
  address_line2: z.string().nullable(),
  postal_code: z.string().nullable(),
  city: z.string(),
  region: z.string().nullable(),
  country: z.string(),
  vat_id: z.string().nullable(),
  /**
   * `valid`: VIES confirmed it (cross-border EU sales are reverse charge); `unverified`: VIES
   * could not be asked (VAT is charged until it confirms); `none`: no VAT id.
   */
  vat_id_status: VatIdStatus,
  vat_id_checked_at: Timestamp.nullable(),
  vat_id_consultation_reference: z.string().nullable(),
  updated_at: Timestamp,
});

/** `POST /v1/vat/validate`. */
export const ValidateVatBody = z.strictObject({
  /** The VIES country code (EL for Greece; GR is accepted too). */
  country: z
    .string()
    .transform((code) => (code === 'GR' ? 'EL' : code))
    .refine((code) => Object.hasOwn(EU_VAT_NUMBER_FORMATS, code), {
      message: 'must be an EU member state code as VIES writes it (AT ... SK, EL for Greece)',
    }),
  /** The number without or with its country prefix; spaces, dots and dashes are ignored. */
  number: z
    .string()
    .transform(normaliseVatId)
    .refine((number) => /^[0-9A-Z+*]{2,14}$/.test(number), {
      message: 'must be 2-14 letters and digits (spaces, dots and dashes are ignored)',
    }),
});

/** One VIES answer, fresh or from the 24 h cache. */
export const VatValidation = z.object({
  country: z.string(),
  number: z.string(),
  valid: z.boolean(),
  name: z.string().nullable(),
  address: z.string().nullable(),
  /** VIES's consultation number (requestIdentifier): evidence of the check. */
  consultation_reference: z.string().nullable(),
  checked_at: Timestamp,
  /** True when the answer came from the 24 h cache. */
  cached: z.boolean(),
});
