import { describe, expect, it } from 'vitest';
import { BillingSettingsInput } from '../src/index';

const valid = {
  buyer_kind: 'business',
  name: 'Example GmbH',
  address_line1: 'Hauptstraße 1',
  postal_code: '10115',
  city: 'Berlin',
  country: 'DE',
  vat_id: 'de 123.456.789',
};

/** The refusals of `input` as `path: message` lines. */
function issuesOf(input: unknown): string[] {
  const result = BillingSettingsInput.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('BillingSettingsInput', () => {
  it('accepts a German business with its VAT id written as people write it', () => {
    expect(BillingSettingsInput.parse(valid)).toMatchObject({
      vat_id: 'DE123456789',
      address_line2: null,
      region: null,
    });
  });

  it('names the field and the shape it wants for a wrong postal code or VAT id', () => {
    expect(issuesOf({ ...valid, postal_code: '1011' })).toEqual([
      'postal_code: is not a DE postal code (like 10115)',
    ]);
    expect(issuesOf({ ...valid, vat_id: 'FR12345678901' })).toEqual([
      'vat_id: must start with DE, the VAT prefix of country DE',
    ]);
    expect(issuesOf({ ...valid, vat_id: 'DE12345' })).toEqual([
      'vat_id: is not a DE VAT number (like DE123456789)',
    ]);
    expect(issuesOf({ ...valid, postal_code: null })).toEqual([
      'postal_code: is required for DE addresses',
    ]);
  });

  // Object.prototype members are not countries: looking them up in the format tables found
  // functions, and the check threw instead of refusing (the API's fuzzer sent "valueOf").
  it.each(['valueOf', 'constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    'refuses the country %j with a message, with or without a postal code',
    (country) => {
      for (const postal_code of ['12345', null]) {
        const issues = issuesOf({ ...valid, country, postal_code, vat_id: null });
        expect(issues).toEqual([
          'country: must be an upper-case ISO 3166-1 alpha-2 country code such as DE',
        ]);
      }
      expect(issuesOf({ ...valid, country })).toContain(
        'country: must be an upper-case ISO 3166-1 alpha-2 country code such as DE',
      );
    },
  );
});
