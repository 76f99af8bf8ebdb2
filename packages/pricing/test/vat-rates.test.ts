import { describe, expect, it } from 'vitest';
import { EU_VAT_RATES, isEuCountry } from '../src/index';

const MEMBER_STATES = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

describe('EU_VAT_RATES', () => {
  it('has exactly the 27 member states, Greece as GR', () => {
    expect(Object.keys(EU_VAT_RATES.standardRatesBps).sort()).toEqual(MEMBER_STATES);
  });

  it('states its validity date and source', () => {
    expect(EU_VAT_RATES.validFrom).toBe('2025-08-01');
    expect(EU_VAT_RATES.source).toMatch(/European Commission/);
  });

  it('has the standard rates in force from 2025-08-01, in basis points', () => {
    const { DE, FR, HU, LU, IE, GR, FI, SK, EE, RO } = EU_VAT_RATES.standardRatesBps;
    expect({ DE, FR, HU, LU, IE, GR }).toEqual({
      DE: 1900n,
      FR: 2000n,
      HU: 2700n,
      LU: 1700n,
      IE: 2300n,
      GR: 2400n,
    });
    // The 2024-2025 increases: FI 2024-09-01, SK 2025-01-01, EE 2025-07-01, RO 2025-08-01.
    expect({ FI, SK, EE, RO }).toEqual({ FI: 2550n, SK: 2300n, EE: 2400n, RO: 2100n });
  });

  it('every rate is within the Directive minimum of 15 % and a sane maximum', () => {
    for (const rate of Object.values(EU_VAT_RATES.standardRatesBps)) {
      expect(rate >= 1500n && rate <= 2700n).toBe(true);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(EU_VAT_RATES)).toBe(true);
    expect(Object.isFrozen(EU_VAT_RATES.standardRatesBps)).toBe(true);
  });
});

describe('isEuCountry', () => {
  it('knows member states, the VIES code EL, and nothing else', () => {
    expect(MEMBER_STATES.every(isEuCountry)).toBe(true);
    expect(isEuCountry('EL')).toBe(true);
    for (const code of ['GB', 'CH', 'NO', 'IS', 'US', 'XI', 'de', '', 'toString']) {
      expect([code, isEuCountry(code)]).toEqual([code, false]);
    }
  });
});
