import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { billingSettingsOf, billingSettingsView, vatCheckOf } from '../../billing/settings';
import type { Handler } from '../../http/mount';
import { HttpProblem } from '../../http/problem';

/** `GET /v1/billing-settings`: 404 `billing_settings_not_found` until the caller saved them. */
export const getBillingSettings: Handler<typeof operations.getBillingSettings> = async (
  _input,
  ctx,
) => {
  const caller = accountCaller(ctx);
  const row = await billingSettingsOf(ctx.db, caller.accountId);
  if (row === undefined) {
    throw new HttpProblem(
      404,
      'billing_settings_not_found',
      'No billing settings yet; save them with PUT /v1/billing-settings.',
    );
  }
  return billingSettingsView(row, await vatCheckOf(ctx.db, row));
};
