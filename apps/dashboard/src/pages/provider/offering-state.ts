import type { Offering } from '@dc/client';

/**
 * Whether renters see the offering in the marketplace, and if not, the first reason the API's
 * own fields give (listed = public, published, in stock and served by an online agent).
 */
export function listingState(offering: Offering): string {
  if (offering.listed) return 'listed';
  if (offering.draft) return 'not listed: draft';
  if (offering.visibility !== 'public') return `not listed: ${offering.visibility}`;
  if (offering.stock !== 'in_stock') return `not listed: ${offering.stock.replaceAll('_', ' ')}`;
  if (!offering.online) return 'not listed: no agent online';
  return 'not listed';
}
