/** A dated table of VAT standard rates. */
export interface VatRateTable {
  /** First day (ISO 8601, `YYYY-MM-DD`) on which every rate in the table is in force. */
  readonly validFrom: string;
  /** Where the rates come from, and the changes since the previous table. */
  readonly source: string;
  /**
   * Standard rate of each EU member state in basis points (1900n = 19 %), keyed by ISO 3166-1
   * alpha-2 code. Greece is `GR` here; VIES and VAT numbers use `EL` for it.
   */
  readonly standardRatesBps: Readonly<Record<string, bigint>>;
}

/**
 * Standard VAT rates of the 27 EU member states, in force from 2025-08-01 (the last change:
 * Romania 19 % -> 21 %). The standard rate is what electronically supplied services (server
 * rental) are taxed at; reduced rates do not apply to them. Update this table, with a new
 * `validFrom`, whenever a member state changes its standard rate.
 */
export const EU_VAT_RATES: VatRateTable = Object.freeze({
  validFrom: '2025-08-01',
  source:
    'European Commission, "VAT rates applied in the Member States of the European Union" ' +
    '(Taxes in Europe Database). Changes folded in: FI 24 -> 25.5 % (2024-09-01), ' +
    'SK 20 -> 23 % (2025-01-01), EE 22 -> 24 % (2025-07-01), RO 19 -> 21 % (2025-08-01).',
  standardRatesBps: Object.freeze({
    AT: 2000n, // Austria
    BE: 2100n, // Belgium
    BG: 2000n, // Bulgaria
    CY: 1900n, // Cyprus
    CZ: 2100n, // Czechia
    DE: 1900n, // Germany
    DK: 2500n, // Denmark
    EE: 2400n, // Estonia, from 2025-07-01
    ES: 2100n, // Spain
    FI: 2550n, // Finland, from 2024-09-01
    FR: 2000n, // France
    GR: 2400n, // Greece (VIES prefix EL)
    HR: 2500n, // Croatia
    HU: 2700n, // Hungary
    IE: 2300n, // Ireland
    IT: 2200n, // Italy
    LT: 2100n, // Lithuania
    LU: 1700n, // Luxembourg
    LV: 2100n, // Latvia
    MT: 1800n, // Malta
    NL: 2100n, // Netherlands
    PL: 2300n, // Poland
    PT: 2300n, // Portugal (mainland)
    RO: 2100n, // Romania, from 2025-08-01
    SE: 2500n, // Sweden
    SI: 2200n, // Slovenia
    SK: 2300n, // Slovakia, from 2025-01-01
  }),
});
