import { add, chargeForHours, computeVat, type Money, money } from '@dc/pricing';
import type { ContractVat } from './vat-snapshot';

/** What a rental costs, net and with VAT, every amount by `@dc/pricing`. */
export interface RentalPrice {
  /** The hours at the offering's price: the first segment's net `amount`. */
  readonly charge: Money;
  /** VAT on `charge`: the first segment's `vat`. */
  readonly chargeVat: Money;
  readonly setupFee: Money;
  readonly setupFeeVat: Money;
  /** Charge plus setup fee: what the contract's (net) `paid` becomes. */
  readonly net: Money;
  /** Both VATs: what `vat_paid` becomes. */
  readonly vat: Money;
  /** What the renter pays: `net + vat`. */
  readonly gross: Money;
}

/**
 * Prices `hours` of an offering at `pricePerMonth` with its setup fee under `vat`: the charge
 * for the hours (half up), VAT computed per line like the invoice prints it (the hours, the
 * setup fee), so the invoice of this payment adds up to exactly what is collected.
 */
export function rentalPrice(
  pricePerMonth: Money,
  setupFee: Money,
  hours: number,
  vat: ContractVat,
): RentalPrice {
  const charge = chargeForHours(pricePerMonth, BigInt(hours));
  const chargeVat = computeVat(charge, vat.rateBps).vat;
  const setupFeeVat = computeVat(setupFee, vat.rateBps).vat;
  const net = add(charge, setupFee);
  const total = add(chargeVat, setupFeeVat);
  return {
    charge,
    chargeVat,
    setupFee,
    setupFeeVat,
    net,
    vat: total,
    gross: add(net, total),
  };
}

/** {@link rentalPrice} of an offering row. */
export function offeringRentalPrice(
  offering: {
    readonly price_per_month: bigint;
    readonly setup_fee: bigint;
    readonly currency: string;
  },
  hours: number,
  vat: ContractVat,
): RentalPrice {
  return rentalPrice(
    money(offering.price_per_month, offering.currency),
    money(offering.setup_fee, offering.currency),
    hours,
    vat,
  );
}
