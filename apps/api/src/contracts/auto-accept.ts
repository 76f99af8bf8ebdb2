import type { OfferingRow } from '../offerings/store';

/**
 * Whether the offering's auto-accept rule takes a rental of `hours` by `renterUsername`: the
 * rule is on, the hours are within its bounds, and its renter list (when not empty) names them.
 */
export function autoAccepts(offering: OfferingRow, hours: number, renterUsername: string): boolean {
  if (!offering.auto_accept) return false;
  if (offering.auto_accept_min_hours !== null && hours < offering.auto_accept_min_hours) {
    return false;
  }
  if (offering.auto_accept_max_hours !== null && hours > offering.auto_accept_max_hours) {
    return false;
  }
  const renters = offering.auto_accept_renters;
  return renters.length === 0 || renters.includes(renterUsername);
}
