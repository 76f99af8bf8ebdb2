import type { Config } from '../config';
import type { ViesClient } from './vies';
import { HttpViesClient } from './vies-http';

/**
 * The VIES client for this server: `DC_VIES_URL`, with the seller's VAT number as requester so
 * every answer carries a consultation reference.
 */
export function viesClientFor(config: Pick<Config, 'DC_VIES_URL' | 'seller'>): ViesClient {
  const seller = config.seller;
  const requester =
    seller === null ? null : { country: seller.vatId.slice(0, 2), number: seller.vatId.slice(2) };
  return new HttpViesClient(config.DC_VIES_URL, requester);
}
