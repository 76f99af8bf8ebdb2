import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { HttpProblem, validationFailed } from '../../http/problem';
import { validateVat } from '../../vat/validate';
import { viesClientFor } from '../../vat/vies-from-config';

/**
 * `POST /v1/vat/validate {country, number}`: the VIES answer (cached 24 h, stored with its
 * consultation reference). VIES refusing the input is 422 on `body.number`; VIES being unable
 * to answer is 503 `vies_unavailable` naming its error code.
 */
export const validateVatNumber: Handler<typeof operations.validateVatNumber> = async (
  { body },
  ctx,
) => {
  // A number typed with its prefix ("DE123456789" for DE) is the same number.
  const number =
    body.number.startsWith(body.country) && body.number.length > body.country.length + 1
      ? body.number.slice(body.country.length)
      : body.number;
  const check = await validateVat(ctx.db, viesClientFor(ctx.config), {
    country: body.country,
    number,
    now: ctx.services.now(),
  });
  if (!('valid' in check)) {
    if (check.code === 'INVALID_INPUT') {
      throw validationFailed([
        {
          path: 'body.number',
          message: `VIES refused ${body.country}${number} as input (INVALID_INPUT): not a ${body.country} VAT number`,
        },
      ]);
    }
    throw new HttpProblem(
      503,
      'vies_unavailable',
      `VIES could not check the number (${check.code}); try again later.`,
      { retryAfter: 60 },
    );
  }
  return {
    country: check.country,
    number: check.number,
    valid: check.valid,
    name: check.name,
    address: check.address,
    consultation_reference: check.consultationReference,
    checked_at: check.checkedAt.toISOString(),
    cached: check.cached,
  };
};
