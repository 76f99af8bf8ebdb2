import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { requestContractJob } from '../../contracts/request-job';
import type { Handler } from '../../http/mount';

/**
 * `POST /v1/contracts/{id}/password-reset`: queues a `reset_password` job; the agent seals the
 * new password to the renter's keys, so it never passes through the server in the clear.
 */
export const requestPasswordReset: Handler<typeof operations.requestPasswordReset> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute((trx) =>
    requestContractJob(trx, caller, params.id, {
      kind: 'reset_password',
      idempotencyKey: body.idempotency_key,
      payload: {},
      now,
      action: 'reset its password',
    }),
  );
};
