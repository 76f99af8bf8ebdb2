import { z } from 'zod';
import { Id } from '../schemas/common';
import {
  ConfirmPayoutBody,
  CreatePayoutBatchBody,
  EarningEntryPage,
  EarningEntryQuery,
  EarningsSummary,
  FailPayoutBody,
  MyPayoutQuery,
  PayableBalancePage,
  PayableBalanceQuery,
  PayoutBatchDetail,
  PayoutBatchPage,
  PayoutBatchQuery,
} from '../schemas/payout';
import { defineOperation } from './define';

const tag = 'payouts';
const params = z.object({ id: Id });

export const getMyEarnings = defineOperation('getMyEarnings', {
  method: 'GET',
  path: '/v1/provider/earnings',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's earnings, payouts and payable balance per currency",
  description:
    'Earnings accrue as service is consumed, net of the platform fee, about hourly for running contracts and at once when a contract ends.',
  response: EarningsSummary,
});

export const listMyEarnings = defineOperation('listMyEarnings', {
  method: 'GET',
  path: '/v1/provider/earnings/entries',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's earnings ledger, newest first (one entry per accrual of a contract)",
  query: EarningEntryQuery,
  response: EarningEntryPage,
});

export const listMyPayouts = defineOperation('listMyPayouts', {
  method: 'GET',
  path: '/v1/provider/payouts',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's payout batches, newest first",
  query: MyPayoutQuery,
  response: PayoutBatchPage,
});

export const getMyPayout = defineOperation('getMyPayout', {
  method: 'GET',
  path: '/v1/provider/payouts/{id}',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "One of the caller's payout batches with the earnings it pays",
  params,
  response: PayoutBatchDetail,
});

export const listPayableBalances = defineOperation('listPayableBalances', {
  method: 'GET',
  path: '/v1/admin/payout-balances',
  auth: 'admin',
  tag,
  summary: 'Every provider balance per currency: earned, paid out, in flight, held, payable, owed',
  query: PayableBalanceQuery,
  response: PayableBalancePage,
});

export const listPayoutBatches = defineOperation('listPayoutBatches', {
  method: 'GET',
  path: '/v1/admin/payouts',
  auth: 'admin',
  tag,
  summary: 'Payout batches, newest first, by status, provider or currency',
  query: PayoutBatchQuery,
  response: PayoutBatchPage,
});

export const createPayoutBatch = defineOperation('createPayoutBatch', {
  method: 'POST',
  path: '/v1/admin/payouts',
  auth: 'admin',
  tag,
  summary: 'A draft payout batch paying everything payable to one provider in one currency',
  description:
    '409 nothing_payable when the payable balance is zero. The same idempotency_key returns the same batch. Nothing moves before approve and send.',
  body: CreatePayoutBatchBody,
  response: PayoutBatchDetail,
  status: 201,
});

export const getPayoutBatch = defineOperation('getPayoutBatch', {
  method: 'GET',
  path: '/v1/admin/payouts/{id}',
  auth: 'admin',
  tag,
  summary: 'One payout batch with the earnings it pays',
  params,
  response: PayoutBatchDetail,
});

export const approvePayoutBatch = defineOperation('approvePayoutBatch', {
  method: 'POST',
  path: '/v1/admin/payouts/{id}/approve',
  auth: 'admin',
  tag,
  summary: 'Approve a draft payout batch (approving an approved batch changes nothing)',
  params,
  response: PayoutBatchDetail,
});

export const sendPayoutBatch = defineOperation('sendPayoutBatch', {
  method: 'POST',
  path: '/v1/admin/payouts/{id}/send',
  auth: 'admin',
  tag,
  summary:
    'Send an approved batch by its rail (Stripe: the transfer; manual: pay it, then confirm)',
  description:
    'Stripe Connect: one transfer under Idempotency-Key payout:<batch id>; confirmed when Stripe answers, failed (earnings released) when Stripe refuses; 502 payout_send_unconfirmed when Stripe could not be reached: send again. Sending a sent or confirmed batch again never pays twice.',
  params,
  response: PayoutBatchDetail,
});

export const confirmPayoutBatch = defineOperation('confirmPayoutBatch', {
  method: 'POST',
  path: '/v1/admin/payouts/{id}/confirm',
  auth: 'admin',
  tag,
  summary: 'Confirm a sent manual payout with the reference of the payment made outside',
  params,
  body: ConfirmPayoutBody,
  response: PayoutBatchDetail,
});

export const failPayoutBatch = defineOperation('failPayoutBatch', {
  method: 'POST',
  path: '/v1/admin/payouts/{id}/fail',
  auth: 'admin',
  tag,
  summary: 'Fail a batch that did not pay; its earnings are released for the next batch',
  description:
    'Draft and approved batches, and sent manual batches. A sent Stripe batch is failed only by Stripe refusing the transfer (send it again to learn the outcome).',
  params,
  body: FailPayoutBody,
  response: PayoutBatchDetail,
});
