import { z } from 'zod';
import { Id } from '../schemas/common';
import {
  CardCheckout,
  CheckoutReturn,
  ExtensionCheckoutBody,
  Payment,
  PaymentAlertPage,
  PaymentAlertQuery,
  PaymentRelease,
  Refund,
  RefundApprovalBody,
  RefundListQuery,
  RefundPage,
  RefundRejectionBody,
  ReleaseHeldPaymentBody,
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

export const createExtensionCheckout = defineOperation('createExtensionCheckout', {
  method: 'POST',
  path: '/v1/contracts/{id}/extension-checkout',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Buy more hours of a card-paid contract: a payment and its hosted checkout page',
  description:
    'Priced like POST /v1/contracts/{id}/extend (the rent-time price plus VAT under the contract\'s rent-time treatment). The hours are added once the card payment is confirmed (webhook), exactly once; an expired checkout changes nothing. Only for contracts rented with payment_rail "card" (409 not_card_payment otherwise: extend from the wallet). The same idempotency_key returns the same payment and page.',
  params,
  body: ExtensionCheckoutBody,
  response: CardCheckout,
  status: 201,
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

export const listPaymentAlerts = defineOperation('listPaymentAlerts', {
  method: 'GET',
  path: '/v1/admin/payment-alerts',
  auth: 'admin',
  tag,
  summary: 'Payment alerts, newest first: held payments, late payments, disputes, refused refunds',
  query: PaymentAlertQuery,
  response: PaymentAlertPage,
});

export const releaseHeldPayment = defineOperation('releaseHeldPayment', {
  method: 'POST',
  path: '/v1/admin/payments/{id}/release',
  auth: 'admin',
  tag,
  summary: 'Release a held payment: apply it (any excess refunded) or refund it in full',
  description:
    'Only payments held for a wrong amount. apply needs the amount received to cover what is owed and the contract to still take it (409 otherwise); refund gives all of it back to the card. Recorded once with the admin, the time and the note: asking again with the same action answers the same release (409 payment_already_released for the other action).',
  params,
  body: ReleaseHeldPaymentBody,
  response: PaymentRelease,
});
