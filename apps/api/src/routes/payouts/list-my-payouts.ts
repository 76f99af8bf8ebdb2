import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { listBatches } from './list-batches';

/** `GET /v1/provider/payouts`: the caller's payout batches, newest first. */
export const listMyPayouts: Handler<typeof operations.listMyPayouts> = async ({ query }, ctx) =>
  listBatches(ctx.db, {
    providerId: accountCaller(ctx).accountId,
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
    ...(query.status === undefined ? {} : { status: query.status }),
  });
