import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import { requestContractJob } from '../../contracts/request-job';
import type { Handler } from '../../http/mount';

/** `POST /v1/contracts/{id}/ssh-key-rotation`: queues a `rotate_ssh_key` job with the new keys. */
export const requestSshKeyRotation: Handler<typeof operations.requestSshKeyRotation> = async (
  { params, body },
  ctx,
) => {
  const caller = accountCaller(ctx);
  const now = ctx.services.now();
  return ctx.db.transaction().execute((trx) =>
    requestContractJob(trx, caller, params.id, {
      kind: 'rotate_ssh_key',
      idempotencyKey: body.idempotency_key,
      payload: { ssh_public_keys: [...body.ssh_public_keys] },
      now,
      action: 'rotate its SSH keys',
    }),
  );
};
