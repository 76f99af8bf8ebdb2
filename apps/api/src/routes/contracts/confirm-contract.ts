import type { operations } from '@dc/client';
import { sendPartyEvent } from '../../contracts/party-event';
import type { Handler } from '../../http/mount';

/** `POST /v1/contracts/{id}/confirm`: the renter says the server works; it becomes active. */
export const confirmContract: Handler<typeof operations.confirmContract> = async (
  { params },
  ctx,
) => {
  const result = await sendPartyEvent(ctx, params.id, 'renter', 'confirm it', { type: 'activate' });
  return result.contract;
};
