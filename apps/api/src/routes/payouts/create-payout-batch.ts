import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { createBatch } from '../../payouts/create-batch';
import { payoutRail } from '../../payouts/rails/select';
import { loadBatchDetail } from '../../payouts/view';

/** `POST /v1/admin/payouts`: a draft batch paying everything payable to one provider. */
export const createPayoutBatch: Handler<typeof operations.createPayoutBatch> = async (
  { body },
  ctx,
) => {
  // Refused before anything is written when this server cannot use the rail.
  payoutRail(ctx.config, body.rail, 'body.rail');
  const id = await createBatch(ctx.db, {
    provider: body.provider,
    currency: body.currency,
    rail: body.rail,
    idempotencyKey: body.idempotency_key,
    admin: accountCaller(ctx).username,
    now: ctx.services.now(),
  });
  return loadBatchDetail(ctx.db, id);
};
