import { assertBoolean, assertString } from './_assert';
import { assertBps, BPS_PER_UNIT } from './_bps';
import { divHalfUp } from './_rounding';
import { PricingError } from './errors';
import { assertMoney, type Money, money } from './money';
import { EU_VAT_RATES } from './vat-rates';

/** Note printed on a reverse-charge invoice (the buyer accounts for the VAT). */
export const REVERSE_CHARGE_NOTE =
  'Reverse charge: VAT to be accounted for by the recipient, Art. 196 Directive 2006/112/EC';

/** Note printed when the buyer is outside the EU (no EU VAT is due). */
export const OUTSIDE_EU_NOTE = 'Outside the scope of EU VAT';

// VIES and EU VAT numbers write Greece as EL; ISO 3166 (and this package) as GR.
function normalise(code: string): string {
  return code === 'EL' ? 'GR' : code;
}

/**
 * Whether `code` is an EU member state: an upper-case ISO 3166-1 alpha-2 code in
 * `EU_VAT_RATES`, or `EL`, the VIES code for Greece.
 */
export function isEuCountry(code: string): boolean {
  return typeof code === 'string' && Object.hasOwn(EU_VAT_RATES.standardRatesBps, normalise(code));
}

function assertCountry(name: string, value: unknown): string {
  assertString(name, value);
  if (!/^[A-Z]{2}$/.test(value)) {
    throw new PricingError(
      'INVALID_COUNTRY',
      `"${name}" ${JSON.stringify(value)} is not an upper-case ISO 3166-1 alpha-2 code like "DE"`,
    );
  }
  return normalise(value);
}

function standardRate(country: string): bigint {
  // Callers only ask for EU countries; the fallback only satisfies noUncheckedIndexedAccess.
  return EU_VAT_RATES.standardRatesBps[country] ?? 0n;
}

/** Parameters of {@link vatTreatment}. */
export interface VatTreatmentParameters {
  /** The platform's (seller's) country, from configuration. Must be in the EU. */
  readonly sellerCountry: string;
  /** The buyer's country (billing address / evidence of location). */
  readonly buyerCountry: string;
  /** Whether the buyer buys as a business. */
  readonly buyerIsBusiness: boolean;
  /** Whether the buyer's VAT number was validated in VIES for this sale. */
  readonly buyerVatNumberValidated: boolean;
}

/** How a sale is taxed, and at which rate. */
export interface VatTreatment {
  /**
   * `domestic`: seller's country and rate. `reverse_charge`: EU B2B across borders, 0 %, the
   * buyer accounts for VAT. `oss`: EU B2C across borders, the buyer country's rate, declared
   * through the One-Stop Shop. `out_of_scope`: buyer outside the EU, 0 %.
   */
  readonly kind: 'domestic' | 'reverse_charge' | 'oss' | 'out_of_scope';
  /** Rate to charge, in basis points. */
  readonly rateBps: bigint;
  /** Text the invoice must carry, or `null`. */
  readonly note: string | null;
}

/**
 * The VAT treatment of a sale of electronically supplied services (spec section 5), using
 * {@link EU_VAT_RATES}:
 *
 * 1. buyer outside the EU -> `out_of_scope`, 0 %, note "Outside the scope of EU VAT";
 * 2. buyer in the seller's country -> `domestic`, seller's rate (B2B included);
 * 3. business buyer with a VIES-validated VAT number in another member state ->
 *    `reverse_charge`, 0 %, with {@link REVERSE_CHARGE_NOTE};
 * 4. otherwise (consumer, or a business without a validated number) -> `oss`, buyer's rate.
 *    A business that cannot show a valid number is taxed like a consumer: undercharging VAT
 *    is the seller's liability, overcharging is not.
 *
 * Assumes the seller is above the EUR 10,000 EU-wide threshold (or opted in), so B2C sales
 * across borders are always taxed at the buyer's rate. Greece may be given as `GR` or `EL`.
 *
 * @throws PricingError `SELLER_OUTSIDE_EU`: the rules above are those of an EU seller; a seller
 *   elsewhere has its own regime (for example non-Union OSS) that this function does not model.
 * @throws PricingError `INVALID_COUNTRY` for a code that is not two upper-case letters.
 */
export function vatTreatment(params: VatTreatmentParameters): VatTreatment {
  const seller = assertCountry('sellerCountry', params.sellerCountry);
  const buyer = assertCountry('buyerCountry', params.buyerCountry);
  assertBoolean('buyerIsBusiness', params.buyerIsBusiness);
  assertBoolean('buyerVatNumberValidated', params.buyerVatNumberValidated);
  if (!isEuCountry(seller)) {
    throw new PricingError(
      'SELLER_OUTSIDE_EU',
      `"sellerCountry" ${JSON.stringify(params.sellerCountry)} is not an EU member state; ` +
        'vatTreatment implements the rules for a seller established in the EU',
    );
  }
  if (!isEuCountry(buyer)) {
    return Object.freeze({ kind: 'out_of_scope', rateBps: 0n, note: OUTSIDE_EU_NOTE });
  }
  if (buyer === seller) {
    return Object.freeze({ kind: 'domestic', rateBps: standardRate(seller), note: null });
  }
  if (params.buyerIsBusiness && params.buyerVatNumberValidated) {
    return Object.freeze({ kind: 'reverse_charge', rateBps: 0n, note: REVERSE_CHARGE_NOTE });
  }
  return Object.freeze({ kind: 'oss', rateBps: standardRate(buyer), note: null });
}

/** A net amount with its VAT. */
export interface VatAmounts {
  /** Net amount (as given). */
  readonly net: Money;
  /** VAT: `net * rateBps / 10000` rounded HALF UP (half away from zero for a negative net). */
  readonly vat: Money;
  /** `net + vat`, exactly. */
  readonly gross: Money;
  /** The rate applied, in basis points, as given: never recomputed from rounded amounts. */
  readonly rateBps: bigint;
}

/**
 * VAT on `net` at `rateBps`: `vat = round_half_up(net * rateBps / 10000)`, `gross = net + vat`.
 * The rate stays in basis points end to end (25.5 % is 2550n, never 26 %), and the VAT is
 * computed once on the invoice net, never recomputed from a rounded percentage or from gross.
 * A negative net (credit note) rounds half away from zero, so a credit note for a whole
 * invoice mirrors the invoice's VAT exactly.
 *
 * @throws PricingError `INVALID_BPS` for a rate outside 0..10000.
 */
export function computeVat(net: Money, rateBps: bigint): VatAmounts {
  assertMoney('net', net);
  const rate = assertBps('rateBps', rateBps);
  const magnitude = net.amount < 0n ? -net.amount : net.amount;
  const vatMagnitude = divHalfUp(magnitude * rate, BPS_PER_UNIT);
  const vat = net.amount < 0n ? -vatMagnitude : vatMagnitude;
  return Object.freeze({
    net,
    vat: money(vat, net.currency),
    gross: money(net.amount + vat, net.currency),
    rateBps: rate,
  });
}
