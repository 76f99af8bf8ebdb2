import type { operations } from '@dc/client';
import { sendPartyEvent } from '../../contracts/party-event';
import type { Handler } from '../../http/mount';

/** `POST /v1/contracts/{id}/reject`: the provider declines before delivery; full refund. */
export const rejectContract: Handler<typeof operations.rejectContract> = async (
  { params, body },
  ctx,
) =>
  sendPartyEvent(ctx, params.id, 'provider', 'reject it', {
    type: 'reject',
    ...(body.reason === undefined ? {} : { reason: body.reason }),
  });
