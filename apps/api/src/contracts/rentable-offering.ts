import type { Kysely } from 'kysely';
import type { AccountCaller } from '../auth/caller';
import type { Database } from '../db/schema';
import { conflict, HttpProblem } from '../http/problem';
import { visibleOffering } from '../offerings/access';
import type { OfferingView } from '../offerings/store';

/** What a renter asks of an offering. */
export interface RentRequest {
  readonly offeringId: string;
  readonly hours: number;
  readonly osImage: string;
}

const invalid = (path: string, message: string) =>
  new HttpProblem(422, 'validation_failed', `${path}: ${message}`, {
    errors: [{ path, message }],
  });

/**
 * The offering a rental refers to, checked for this renter: visible to them (else 422 on
 * `body.offering_id`, never revealing a private offering), published, in stock and served by
 * an online agent (else 409 `offering_not_rentable`), the hours within its minimum and maximum
 * and the OS image one it offers (else 422 on the field).
 */
export async function rentableOffering(
  db: Kysely<Database>,
  caller: AccountCaller,
  request: RentRequest,
): Promise<OfferingView> {
  let view: OfferingView;
  try {
    ({ view } = await visibleOffering(db, request.offeringId, caller));
  } catch (error) {
    if (error instanceof HttpProblem && error.status === 404) {
      throw invalid('body.offering_id', 'no offering you may rent has this id');
    }
    throw error;
  }
  if (view.draft || view.visibility === 'private') {
    throw conflict('offering_not_rentable', 'This offering is not published; it cannot be rented.');
  }
  if (view.stock !== 'in_stock') {
    throw conflict('offering_not_rentable', `This offering is ${view.stock.replaceAll('_', ' ')}.`);
  }
  if (!view.online) {
    throw conflict(
      'offering_not_rentable',
      "No agent of this offering's provider is online to build the server; try again later.",
    );
  }
  const max = view.max_hours;
  if (request.hours < view.min_hours || (max !== null && request.hours > max)) {
    throw invalid(
      'body.hours',
      max === null
        ? `must be at least ${view.min_hours} for this offering`
        : `must be between ${view.min_hours} and ${max} for this offering`,
    );
  }
  if (!view.os_images.includes(request.osImage)) {
    throw invalid(
      'body.os_image',
      `must be one of this offering's images: ${view.os_images.join(', ')}`,
    );
  }
  return view;
}
