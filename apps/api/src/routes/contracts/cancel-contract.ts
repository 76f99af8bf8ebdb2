import type { operations } from '@dc/client';
import { sendPartyEvent } from '../../contracts/party-event';
import type { Handler } from '../../http/mount';

/**
 * `POST /v1/contracts/{id}/cancel`: the renter ends the contract; the unused paid time goes
 * back to the wallet (everything before delivery). Refused while paused (a dispute is open).
 */
export const cancelContract: Handler<typeof operations.cancelContract> = async (
  { params, body },
  ctx,
) =>
  sendPartyEvent(ctx, params.id, 'renter', 'cancel it', {
    type: 'cancel',
    ...(body.reason === undefined ? {} : { reason: body.reason }),
  });
