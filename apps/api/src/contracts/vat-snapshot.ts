import type { Kysely } from 'kysely';
import type { Seller } from '../billing/seller';
import { billingSettingsOf, vatCheckOf } from '../billing/settings';
import type { Database, VatKind } from '../db/schema';
import { conflict } from '../http/problem';
import type { PartyDetails } from '../invoices/document';
import { buyerDetails, treatmentFor } from '../invoices/parties';

/**
 * How a contract is taxed, decided once when it is rented and stored on it (0009_contract_vat):
 * its extensions, refunds and invoices use this and never ask the billing settings again.
 */
export interface ContractVat {
  /** `none`: no seller configured (a sandbox), no VAT charged and no invoices. */
  readonly kind: VatKind;
  readonly rateBps: bigint;
  /** The reverse-charge or out-of-scope note, else null. */
  readonly note: string | null;
  readonly sellerCountry: string | null;
  /** The buyer as invoices print them: the settings (and VIES check) that decided `kind`. */
  readonly buyer: PartyDetails | null;
}

/** No seller, no VAT. */
export const NO_VAT: ContractVat = Object.freeze({
  kind: 'none',
  rateBps: 0n,
  note: null,
  sellerCountry: null,
  buyer: null,
});

/**
 * The VAT treatment of a rental by `renterId` now: `vatTreatment` of `@dc/pricing` with the
 * configured seller's country and the renter's billing settings, reverse charge only for a VAT
 * id the newest stored VIES consultation confirmed (validated through `POST /v1/vat/validate`
 * or when the settings were saved). Without a seller nothing is charged ({@link NO_VAT}).
 *
 * @throws HttpProblem 409 `billing_settings_required` when a seller is configured and the
 *   renter has saved no billing settings: the rate depends on where the buyer is.
 */
export async function vatForRental(
  db: Kysely<Database>,
  seller: Seller | null,
  renterId: string,
): Promise<ContractVat> {
  if (seller === null) return NO_VAT;
  const settings = await billingSettingsOf(db, renterId);
  if (settings === undefined) {
    throw conflict(
      'billing_settings_required',
      'Rentals here are charged VAT, which depends on where the buyer is: save your billing settings with PUT /v1/billing-settings before renting.',
    );
  }
  const check = await vatCheckOf(db, settings);
  const treatment = treatmentFor(seller, settings, check);
  return {
    kind: treatment.kind,
    rateBps: treatment.rateBps,
    note: treatment.note,
    sellerCountry: seller.country,
    buyer: buyerDetails(settings, check),
  };
}

/** The contract columns of a snapshot. */
export function vatColumns(vat: ContractVat) {
  return {
    vat_kind: vat.kind,
    vat_rate_bps: Number(vat.rateBps),
    vat_note: vat.note,
    vat_seller_country: vat.sellerCountry,
    vat_buyer: vat.buyer === null ? null : JSON.stringify(vat.buyer),
  };
}
