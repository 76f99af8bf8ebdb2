import type { operations } from '@dc/client';
import type { Handler } from '../../http/mount';
import { loadBatchDetail } from '../../payouts/view';

/** `GET /v1/admin/payouts/{id}`: one batch with the earnings it pays. */
export const getPayoutBatch: Handler<typeof operations.getPayoutBatch> = async ({ params }, ctx) =>
  loadBatchDetail(ctx.db, params.id);
