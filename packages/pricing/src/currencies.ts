import { assertString } from './_assert';
import { PricingError } from './errors';

/**
 * Number of decimal places of a currency's minor unit (ISO 4217 "minor unit"): 2 for USD
 * (cents), 0 for JPY, 3 for KWD, 4 for the Chilean and Uruguayan accounting units CLF and UYW.
 */
export type CurrencyExponent = 0 | 2 | 3 | 4;

// Grouped by exponent so a reviewer can check each group against ISO 4217 list one at a glance.
const ZERO_DECIMAL = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DECIMAL = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DECIMAL = 'CLF UYW';
const TWO_DECIMAL = [
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN',
  'BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP',
  'GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK',
  'LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK',
  'NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP',
  'STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER',
  'ZAR ZMW ZWG',
  // Withdrawn from ISO 4217 but still accepted as presentment currencies by Stripe, which kept
  // the old codes of the Mauritanian ouguiya, the Sao Tome dobra and the Sierra Leone leone.
  'MRO STD SLL',
].join(' ');

function build(): Readonly<Record<string, CurrencyExponent>> {
  // A null-prototype object, so "constructor" or "__proto__" can never look like a currency.
  const table: Record<string, CurrencyExponent> = Object.create(null);
  const groups: ReadonlyArray<readonly [string, CurrencyExponent]> = [
    [ZERO_DECIMAL, 0],
    [TWO_DECIMAL, 2],
    [THREE_DECIMAL, 3],
    [FOUR_DECIMAL, 4],
  ];
  for (const [codes, exponent] of groups) {
    for (const code of codes.split(' ')) table[code] = exponent;
  }
  return Object.freeze(table);
}

/**
 * ISO 4217 minor-unit exponent of every currency `@dc/pricing` accepts, keyed by upper-case
 * code: all active ISO 4217 currencies with a minor unit (fund codes included, precious metals
 * and XDR/XTS/XXX excluded) plus three withdrawn codes Stripe still uses (MRO, STD, SLL). This
 * covers every presentment currency Stripe documents. Exponents are ISO's, not Stripe's: see
 * `stripeExponent` for the currencies where Stripe's API differs (ISK, UGX, MGA).
 */
export const CURRENCIES: Readonly<Record<string, CurrencyExponent>> = build();

/** Whether `code` is an upper-case currency code in {@link CURRENCIES}. */
export function isCurrency(code: string): boolean {
  return typeof code === 'string' && Object.hasOwn(CURRENCIES, code);
}

/**
 * Returns `code` unchanged if it is a known upper-case currency code; throws otherwise.
 *
 * @throws TypeError if `code` is not a string.
 * @throws PricingError `UNKNOWN_CURRENCY`, with a hint when only the case is wrong.
 */
export function assertCurrency(name: string, code: unknown): string {
  assertString(name, code);
  if (Object.hasOwn(CURRENCIES, code)) return code;
  const upper = code.toUpperCase();
  const hint = Object.hasOwn(CURRENCIES, upper)
    ? `; currency codes are upper case, did you mean "${upper}"?`
    : '; expected an ISO 4217 code such as "USD", "EUR" or "JPY"';
  throw new PricingError(
    'UNKNOWN_CURRENCY',
    `"${name}" ${JSON.stringify(code)} is not a known currency${hint}`,
  );
}

/**
 * Minor-unit exponent of `code` (2 for USD, 0 for JPY, 3 for KWD).
 *
 * @throws PricingError `UNKNOWN_CURRENCY` if `code` is not an upper-case code in {@link CURRENCIES}.
 */
export function currencyExponent(code: string): CurrencyExponent {
  const known = assertCurrency('currency', code);
  // assertCurrency proved the key exists; the fallback only satisfies noUncheckedIndexedAccess.
  return CURRENCIES[known] ?? 2;
}
