import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { listBatches } from './list-batches';

/** `GET /v1/admin/payouts`: every payout batch, newest first, filtered. */
export const listPayoutBatches: Handler<typeof operations.listPayoutBatches> = async (
  { query },
  ctx,
) =>
  listBatches(ctx.db, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.provider === undefined ? {} : { username: query.provider }),
    ...(query.currency === undefined ? {} : { currency: query.currency }),
  });
