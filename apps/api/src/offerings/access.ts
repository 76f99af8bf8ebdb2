import type { Kysely } from 'kysely';
import type { AccountCaller, Caller } from '../auth/caller';
import type { Database } from '../db/schema';
import { notFound } from '../http/problem';
import { findOfferingView, type OfferingRow, type OfferingView } from './store';

/**
 * The caller's live offering `id`, locked for update, or 404. Another provider's offering is
 * the same 404 as a missing one, so ids of others' offerings cannot be probed.
 */
export async function ownOffering(
  trx: Kysely<Database>,
  providerId: string,
  id: string,
): Promise<OfferingRow> {
  const row = await trx
    .selectFrom('offerings')
    .selectAll()
    .where('id', '=', id)
    .where('provider_id', '=', providerId)
    .where('deleted_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw notFound('Offering');
  return row;
}

/** The registered account behind an optional-auth request, if any. */
export function signedInAccount(caller: Caller | undefined): AccountCaller | undefined {
  return caller?.kind === 'account' ? caller : undefined;
}

/**
 * Offering `id` if the caller may see it, else 404 (never 403: an invisible offering does not
 * exist for that caller). The owner sees every live offering of theirs, drafts and private
 * ones included; anyone else sees a published public one, or a published shared one whose
 * allow-list names them.
 */
export async function visibleOffering(
  db: Kysely<Database>,
  id: string,
  caller: Caller | undefined,
): Promise<{ view: OfferingView; owner: boolean }> {
  const view = await findOfferingView(db, id);
  if (!view) throw notFound('Offering');
  const account = signedInAccount(caller);
  if (account?.accountId === view.provider_id) return { view, owner: true };
  if (view.draft || view.visibility === 'private') throw notFound('Offering');
  if (view.visibility === 'shared') {
    const allowed =
      account !== undefined &&
      (await db
        .selectFrom('offering_allow_list')
        .select('account_id')
        .where('offering_id', '=', view.id)
        .where('account_id', '=', account.accountId)
        .executeTakeFirst()) !== undefined;
    if (!allowed) throw notFound('Offering');
  }
  return { view, owner: false };
}
