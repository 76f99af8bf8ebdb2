import type { Offering } from '@dc/client';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { allowListsOf, type OfferingView, offeringToResponse } from './store';

/**
 * Offerings as `viewerId` sees them (see `offeringToResponse`): allow-lists are read only for
 * the viewer's own offerings, the only ones that show them.
 */
export async function offeringResponses(
  db: Kysely<Database>,
  views: readonly OfferingView[],
  viewerId: string | undefined,
): Promise<Offering[]> {
  const owned = views.filter((view) => view.provider_id === viewerId).map((view) => view.id);
  const lists = await allowListsOf(db, owned);
  return views.map((view) =>
    view.provider_id === viewerId
      ? offeringToResponse(view, lists.get(view.id) ?? [], 'owner')
      : offeringToResponse(view, [], 'other'),
  );
}
