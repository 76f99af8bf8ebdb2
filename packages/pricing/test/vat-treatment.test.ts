import { describe, expect, it } from 'vitest';
import { OUTSIDE_EU_NOTE, REVERSE_CHARGE_NOTE, vatTreatment } from '../src/index';
import { pricingError } from './expect-error';

const consumer = { buyerIsBusiness: false, buyerVatNumberValidated: false };
const validatedBusiness = { buyerIsBusiness: true, buyerVatNumberValidated: true };

describe('vatTreatment (contracts.md section 5), seller in Germany', () => {
  it('same country: the seller rate, for consumers and businesses alike', () => {
    const expected = { kind: 'domestic', rateBps: 1900n, note: null };
    expect(vatTreatment({ sellerCountry: 'DE', buyerCountry: 'DE', ...consumer })).toEqual(
      expected,
    );
    expect(vatTreatment({ sellerCountry: 'DE', buyerCountry: 'DE', ...validatedBusiness })).toEqual(
      expected,
    );
  });

  it('B2B across EU borders with a VIES-validated number: 0 % with the reverse-charge note', () => {
    expect(vatTreatment({ sellerCountry: 'DE', buyerCountry: 'FR', ...validatedBusiness })).toEqual(
      { kind: 'reverse_charge', rateBps: 0n, note: REVERSE_CHARGE_NOTE },
    );
    expect(REVERSE_CHARGE_NOTE).toContain('Art. 196 Directive 2006/112/EC');
  });

  it('B2C across EU borders: the buyer country rate (OSS)', () => {
    expect(vatTreatment({ sellerCountry: 'DE', buyerCountry: 'HU', ...consumer })).toEqual({
      kind: 'oss',
      rateBps: 2700n,
      note: null,
    });
    expect(vatTreatment({ sellerCountry: 'DE', buyerCountry: 'FI', ...consumer }).rateBps).toBe(
      2550n,
    );
  });

  it('a business without a validated VAT number is taxed like a consumer', () => {
    const unvalidated = { buyerIsBusiness: true, buyerVatNumberValidated: false };
    expect(vatTreatment({ sellerCountry: 'DE', buyerCountry: 'LU', ...unvalidated })).toEqual({
      kind: 'oss',
      rateBps: 1700n,
      note: null,
    });
  });

  it('buyer outside the EU: 0 %, outside the scope of EU VAT, consumer or business', () => {
    const expected = { kind: 'out_of_scope', rateBps: 0n, note: OUTSIDE_EU_NOTE };
    for (const buyerCountry of ['US', 'GB', 'CH', 'NO']) {
      expect(vatTreatment({ sellerCountry: 'DE', buyerCountry, ...consumer })).toEqual(expected);
      expect(vatTreatment({ sellerCountry: 'DE', buyerCountry, ...validatedBusiness })).toEqual(
        expected,
      );
    }
    expect(OUTSIDE_EU_NOTE).toBe('Outside the scope of EU VAT');
  });

  it('accepts EL (VIES) for Greece on either side', () => {
    expect(vatTreatment({ sellerCountry: 'EL', buyerCountry: 'GR', ...consumer })).toEqual({
      kind: 'domestic',
      rateBps: 2400n,
      note: null,
    });
    expect(vatTreatment({ sellerCountry: 'DE', buyerCountry: 'EL', ...consumer }).rateBps).toBe(
      2400n,
    );
  });

  it('refuses a seller outside the EU and malformed country codes', () => {
    const outside = pricingError(() =>
      vatTreatment({ sellerCountry: 'US', buyerCountry: 'DE', ...consumer }),
    );
    expect(outside.code).toBe('SELLER_OUTSIDE_EU');
    expect(outside.message).toContain('"sellerCountry" "US" is not an EU member state');
    const lower = pricingError(() =>
      vatTreatment({ sellerCountry: 'DE', buyerCountry: 'fr', ...consumer }),
    );
    expect(lower.code).toBe('INVALID_COUNTRY');
    expect(lower.message).toBe(
      '"buyerCountry" "fr" is not an upper-case ISO 3166-1 alpha-2 code like "DE"',
    );
    expect(() =>
      vatTreatment({
        sellerCountry: 'DE',
        buyerCountry: 'FR',
        buyerIsBusiness: 'yes' as unknown as boolean,
        buyerVatNumberValidated: true,
      }),
    ).toThrow(new TypeError('"buyerIsBusiness" must be a boolean, got string "yes"'));
  });
});
