import { z } from 'zod';
import { Id } from '../schemas/common';
import {
  CardCheckout,
  CheckoutReturn,
  Payment,
  Refund,
  RefundApprovalBody,
  RefundListQuery,
  RefundPage,
  RefundRejectionBody,
  TopUpBody,
} from '../schemas/payment';
import { defineOperation } from './define';

const tag = 'payments';
const params = z.object({ id: Id });

export const createWalletTopUp = defineOperation('createWalletTopUp', {
  method: 'POST',
  path: '/v1/wallet/top-ups',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Top up the wallet by card: a payment and its hosted checkout page',
  description:
    'The wallet is credited when the card payment is confirmed (webhook), not before. 409 card_rail_not_configured when the server has no STRIPE_SECRET_KEY. The same idempotency_key returns the same payment.',
  body: TopUpBody,
  response: CardCheckout,
  status: 201,
});

export const createContractCheckout = defineOperation('createContractCheckout', {
  method: 'POST',
  path: '/v1/contracts/{id}/checkout',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: "The hosted checkout page of a card-paid contract's pending payment",
  description:
    'Only for contracts rented with payment_rail "card" whose payment is still pending; calling again returns the same checkout.',
  params,
  body: CheckoutReturn,
  response: CardCheckout,
});

export const getPayment = defineOperation('getPayment', {
  method: 'GET',
  path: '/v1/payments/{id}',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "One of the caller's card payments (poll it after the checkout page)",
  params,
  response: Payment,
});

export const listRefunds = defineOperation('listRefunds', {
  method: 'GET',
  path: '/v1/admin/refunds',
  auth: 'admin',
  tag,
  summary: 'Refunds, newest first; status=awaiting_approval for the approval queue',
  query: RefundListQuery,
  response: RefundPage,
});

export const approveRefund = defineOperation('approveRefund', {
  method: 'POST',
  path: '/v1/admin/refunds/{id}/approve',
  auth: 'admin',
  tag,
  summary: 'Approve a refund awaiting approval (or retry a failed one); the rail call follows',
  params,
  body: RefundApprovalBody,
  response: Refund,
});

export const rejectRefund = defineOperation('rejectRefund', {
  method: 'POST',
  path: '/v1/admin/refunds/{id}/reject',
  auth: 'admin',
  tag,
  summary: 'Reject a refund awaiting approval: no money moves; the reason is kept',
  params,
  body: RefundRejectionBody,
  response: Refund,
});
