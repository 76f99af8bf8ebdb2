import type { operations } from '@dc/client';
import { isEuCountry } from '@dc/pricing';
import { accountCaller } from '../../accounts/caller';
import { billingSettingsView, saveBillingSettings, viesPartsOf } from '../../billing/settings';
import type { Handler } from '../../http/mount';
import { validationFailed } from '../../http/problem';
import { validateVat } from '../../vat/validate';
import { viesClientFor } from '../../vat/vies-from-config';

/**
 * `PUT /v1/billing-settings`. An EU VAT id is checked in VIES first (cached 24 h): a number VIES
 * calls invalid is refused with 422 naming `body.vat_id`; when VIES cannot answer the settings
 * are saved and the id stays `unverified`, so VAT is charged until a check confirms it.
 */
export const putBillingSettings: Handler<typeof operations.putBillingSettings> = async (
  { body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  let check: Awaited<ReturnType<typeof validateVat>> | undefined;
  if (body.vat_id !== null && isEuCountry(body.country)) {
    const parts = viesPartsOf(body.vat_id);
    check = await validateVat(ctx.db, viesClientFor(ctx.config), { ...parts, now });
    if ('valid' in check && !check.valid) {
      const reference = check.consultationReference ?? 'no consultation number';
      throw validationFailed([
        {
          path: 'body.vat_id',
          message: `VIES says ${body.vat_id} is not a valid VAT number (checked ${check.checkedAt.toISOString()}, ${reference}); check it or leave vat_id null`,
        },
      ]);
    }
    if (!('valid' in check)) {
      ctx.log.warn({ code: check.code }, 'VIES unavailable: billing VAT id saved unverified');
    }
  }
  const row = await saveBillingSettings(ctx.db, caller.accountId, body, now);
  return billingSettingsView(row, check !== undefined && 'valid' in check ? check : undefined);
};
