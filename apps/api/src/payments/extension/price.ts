import { add, chargeForHours, money } from '@dc/pricing';
import type { ContractRow } from '../../contracts/row';
import { vatOn } from '../../contracts/vat-amounts';

/** What `hours` more of a contract cost, in minor units of its currency. */
export interface ExtensionPrice {
  /** At the contract's rent-time price (`@dc/pricing` `chargeForHours`): the segment's amount. */
  readonly net: bigint;
  /** At the contract's rent-time VAT treatment, never the renter's current settings. */
  readonly vat: bigint;
  /** What the card pays. */
  readonly gross: bigint;
}

/**
 * The price of `hours` more of `contract`, exactly as a wallet extension charges it and as
 * `applyContractEvent` books its segment, so the card's checkout, the webhook's amount check
 * and the segment agree to the minor unit.
 */
export function extensionPrice(contract: ContractRow, hours: bigint): ExtensionPrice {
  const net = chargeForHours(money(contract.price_per_month, contract.currency), hours).amount;
  const vat = vatOn(contract, net);
  const gross = add(money(net, contract.currency), money(vat, contract.currency)).amount;
  return { net, vat, gross };
}
