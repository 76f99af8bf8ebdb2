import type { operations } from '@dc/client';
import { sql } from 'kysely';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { loadProviderProfile } from '../../providers/profile';

/**
 * `PUT /v1/provider/profile`: creates or replaces the caller's provider profile. The first call
 * makes the account a provider; later calls replace every field (PUT semantics) and keep the
 * original `created_at`, which the catalog shows as "member since".
 */
export const putProviderProfile: Handler<typeof operations.putProviderProfile> = async (
  { body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const fields = {
    legal_name: body.legal_name,
    display_name: body.display_name,
    website: body.website,
    country: body.country,
    support_email: body.support_email,
    support_policy: JSON.stringify(body.support_policy),
    // Left out: the stored payout account stays (older clients do not know the field).
    ...(body.payout_stripe_account === undefined
      ? {}
      : { payout_stripe_account: body.payout_stripe_account }),
  };
  await ctx.db
    .insertInto('providers')
    .values({ account_id: caller.accountId, ...fields })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...fields, updated_at: sql`now()` }))
    .execute();
  return loadProviderProfile(ctx.db, caller.accountId);
};
