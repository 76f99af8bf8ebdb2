import { type VatTreatment, vatTreatment } from '@dc/pricing';
import type { Seller } from '../billing/seller';
import type { BillingSettingsRow } from '../billing/settings';
import type { VatCheck } from '../vat/validate';
import type { PartyDetails } from './document';

/** The seller as printed, from the configuration. */
export function sellerDetails(seller: Seller): PartyDetails {
  return {
    name: seller.name,
    address_lines: [...seller.addressLines],
    country: seller.country,
    vat_id: seller.vatId,
    registration: seller.registration,
    bank: seller.bank,
  };
}

/** The buyer as printed, from their billing settings and the VIES check of their VAT id. */
export function buyerDetails(
  settings: BillingSettingsRow,
  check: VatCheck | undefined,
): PartyDetails {
  const cityLine = [settings.postal_code, settings.city].filter(Boolean).join(' ');
  return {
    name: settings.name,
    address_lines: [
      settings.address_line1,
      settings.address_line2,
      cityLine,
      settings.region,
    ].filter((line): line is string => typeof line === 'string' && line !== ''),
    country: settings.country,
    vat_id: settings.vat_id,
    vat_check:
      check?.valid === true
        ? { checked_at: check.checkedAt.toISOString(), reference: check.consultationReference }
        : null,
  };
}

/**
 * The VAT treatment of a sale to `settings` by `seller` (`@dc/pricing`): reverse charge only for
 * a business whose VAT id VIES confirmed; a business without a confirmed id is taxed like a
 * consumer (undercharging VAT would be the seller's liability).
 */
export function treatmentFor(
  seller: Seller,
  settings: BillingSettingsRow,
  check: VatCheck | undefined,
): VatTreatment {
  return vatTreatment({
    sellerCountry: seller.country,
    buyerCountry: settings.country,
    buyerIsBusiness: settings.buyer_kind === 'business',
    buyerVatNumberValidated: check?.valid === true,
  });
}
