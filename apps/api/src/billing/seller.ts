import { isEuCountry } from '@dc/pricing';

/** The platform's legal entity: the seller on every invoice (billing.md §5). */
export interface Seller {
  readonly name: string;
  readonly addressLines: readonly string[];
  /** ISO 3166-1 alpha-2, an EU member state (the VAT rules implemented are an EU seller's). */
  readonly country: string;
  /** With its country prefix (EL for Greece), e.g. `DE123456789`; also the numbering key. */
  readonly vatId: string;
  readonly registration: string | null;
  readonly bank: string | null;
}

/** The raw `DC_SELLER_*` settings. */
export interface SellerSettings {
  readonly DC_SELLER_NAME?: string | undefined;
  readonly DC_SELLER_ADDRESS?: string | undefined;
  readonly DC_SELLER_COUNTRY?: string | undefined;
  readonly DC_SELLER_VAT_ID?: string | undefined;
  readonly DC_SELLER_REGISTRATION?: string | undefined;
  readonly DC_SELLER_BANK?: string | undefined;
}

const SELLER_KEYS = [
  'DC_SELLER_NAME',
  'DC_SELLER_ADDRESS',
  'DC_SELLER_COUNTRY',
  'DC_SELLER_VAT_ID',
  'DC_SELLER_REGISTRATION',
  'DC_SELLER_BANK',
] as const satisfies readonly (keyof SellerSettings)[];

/** The VAT number prefix of an EU country: its ISO code, except EL for Greece. */
export function vatPrefix(country: string): string {
  return country === 'GR' ? 'EL' : country;
}

/**
 * The seller from the `DC_SELLER_*` settings, `null` when none is set (invoicing is then off),
 * or the list of problems, each naming the variable and what is allowed.
 */
export function parseSeller(settings: SellerSettings): Seller | null | string[] {
  const given = SELLER_KEYS.some((key) => settings[key] !== undefined);
  if (!given) return null;
  const problems: string[] = [];
  const required = (name: keyof SellerSettings): string => {
    const value = settings[name]?.trim() ?? '';
    if (value === '') problems.push(`${name}: required when any DC_SELLER_* setting is set`);
    return value;
  };
  const name = required('DC_SELLER_NAME');
  const address = required('DC_SELLER_ADDRESS');
  const country = required('DC_SELLER_COUNTRY');
  const vatId = required('DC_SELLER_VAT_ID')
    .replace(/[\s.-]/g, '')
    .toUpperCase();
  if (country !== '' && !isEuCountry(country)) {
    problems.push(
      `DC_SELLER_COUNTRY=${JSON.stringify(country)}: must be an EU member state's upper-case ISO code like "DE" (the VAT rules are an EU seller's)`,
    );
  } else if (country !== '' && vatId !== '' && !vatId.startsWith(vatPrefix(country))) {
    problems.push(
      `DC_SELLER_VAT_ID=${JSON.stringify(vatId)}: must start with ${vatPrefix(country)}, the VAT prefix of DC_SELLER_COUNTRY=${country}`,
    );
  }
  if (problems.length > 0) return problems;
  const optional = (value: string | undefined) =>
    value === undefined || value.trim() === '' ? null : value.trim();
  return {
    name,
    addressLines: address
      .split('|')
      .map((line) => line.trim())
      .filter(Boolean),
    country,
    vatId,
    registration: optional(settings.DC_SELLER_REGISTRATION),
    bank: optional(settings.DC_SELLER_BANK),
  };
}
