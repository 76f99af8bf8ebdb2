import type { operations } from '@dc/client';
import { sendPartyEvent } from '../../contracts/party-event';
import type { Handler } from '../../http/mount';

/** `POST /v1/contracts/{id}/accept`: the provider accepts; the provision job is queued. */
export const acceptContract: Handler<typeof operations.acceptContract> = async (
  { params },
  ctx,
) => {
  const result = await sendPartyEvent(ctx, params.id, 'provider', 'accept it', { type: 'accept' });
  return result.contract;
};
