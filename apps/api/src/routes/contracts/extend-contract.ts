import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { extendContract as extend } from '../../contracts/extend';
import { contractView } from '../../contracts/view';
import type { Handler } from '../../http/mount';

/** `POST /v1/contracts/{id}/extend`: more hours, paid from the wallet in the same transaction. */
export const extendContract: Handler<typeof operations.extendContract> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  return ctx.db
    .transaction()
    .execute(async (trx) =>
      contractView(
        trx,
        await extend(trx, caller, params.id, body, { now, sandboxMode: ctx.config.DC_SANDBOX }),
      ),
    );
};
