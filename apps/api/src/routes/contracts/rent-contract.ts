import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { rentContract as rent } from '../../contracts/rent';
import { contractView } from '../../contracts/view';
import type { Handler } from '../../http/mount';
import { cardRailOrNull } from '../../payments/card';

/** `POST /v1/contracts`: rent an offering, paid in the same transaction (see `rentContract`). */
export const rentContract: Handler<typeof operations.rentContract> = async ({ body }, ctx) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute(async (trx) =>
    contractView(
      trx,
      await rent(trx, caller, body, {
        now,
        sandboxMode: ctx.config.DC_SANDBOX,
        cardRail: cardRailOrNull(ctx.config) !== null,
        seller: ctx.config.seller,
      }),
    ),
  );
};
