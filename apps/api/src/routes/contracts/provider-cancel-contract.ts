import type { operations } from '@dc/client';
import { sendPartyEvent } from '../../contracts/party-event';
import type { Handler } from '../../http/mount';

/**
 * `POST /v1/contracts/{id}/provider-cancel`: the provider ends a delivered contract; prorated
 * refund, and the cancellation counts on the provider's record.
 */
export const providerCancelContract: Handler<typeof operations.providerCancelContract> = async (
  { params, body },
  ctx,
) =>
  sendPartyEvent(ctx, params.id, 'provider', 'cancel it as provider', {
    type: 'provider_cancel',
    ...(body.reason === undefined ? {} : { reason: body.reason }),
  });
