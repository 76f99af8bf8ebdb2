import type { operations } from '@dc/client';
import { accountCaller } from '../../accounts/caller';
import type { Handler } from '../../http/mount';
import { loadBatchDetail } from '../../payouts/view';

/** `GET /v1/provider/payouts/{id}`: one of the caller's batches; another provider's is a 404. */
export const getMyPayout: Handler<typeof operations.getMyPayout> = async ({ params }, ctx) =>
  loadBatchDetail(ctx.db, params.id, accountCaller(ctx).accountId);
