import type { Kysely } from 'kysely';
import type { AccountCaller } from '../auth/caller';
import type { Seller } from '../billing/seller';
import type { Database } from '../db/schema';
import { HttpProblem } from '../http/problem';
import type { OfferingView } from '../offerings/store';
import { type RentRequest, rentableOffering } from './rentable-offering';
import { offeringRentalPrice, type RentalPrice } from './rental-price';
import { type ContractVat, vatForRental } from './vat-snapshot';

/** A rental checked and priced, not yet made. */
export interface PricedRental {
  readonly offering: OfferingView;
  readonly vat: ContractVat;
  readonly price: RentalPrice;
}

/**
 * Checks a rental for `caller` (see `rentableOffering`), decides its VAT treatment now (see
 * `vatForRental`) and prices it: what `POST /v1/contracts` charges and what its quote shows,
 * one function so the two can never disagree.
 *
 * @throws HttpProblem 422 on `body.hours` when the charge for so few hours rounds to nothing.
 */
export async function pricedRental(
  db: Kysely<Database>,
  caller: AccountCaller,
  request: RentRequest,
  seller: Seller | null,
): Promise<PricedRental> {
  const offering = await rentableOffering(db, caller, request);
  const vat = await vatForRental(db, seller, caller.accountId);
  // The setup fee is paid with the first hours but belongs to no segment (see 0005_setup_fee).
  const price = offeringRentalPrice(offering, request.hours, vat);
  if (price.net.amount <= 0n) {
    throw new HttpProblem(
      422,
      'validation_failed',
      'body.hours: the charge for so few hours rounds to nothing',
      {
        errors: [{ path: 'body.hours', message: 'the charge for so few hours rounds to nothing' }],
      },
    );
  }
  return { offering, vat, price };
}
