import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/payments';
import { action } from './define-action';

/** Top up the wallet by card: a payment and its checkout page. `POST /v1/wallet/top-ups` */
export const createWalletTopUp = action(ops.createWalletTopUp);
export type CreateWalletTopUpParameters = OperationParameters<typeof ops.createWalletTopUp>;
export type CreateWalletTopUpReturnType = OperationResult<typeof ops.createWalletTopUp>;

/** The checkout page of a card-paid contract. `POST /v1/contracts/{id}/checkout` */
export const createContractCheckout = action(ops.createContractCheckout);
export type CreateContractCheckoutParameters = OperationParameters<
  typeof ops.createContractCheckout
>;
export type CreateContractCheckoutReturnType = OperationResult<typeof ops.createContractCheckout>;

/** Buy more hours of a card-paid contract by card. `POST /v1/contracts/{id}/extension-checkout` */
export const createExtensionCheckout = action(ops.createExtensionCheckout);
export type CreateExtensionCheckoutParameters = OperationParameters<
  typeof ops.createExtensionCheckout
>;
export type CreateExtensionCheckoutReturnType = OperationResult<typeof ops.createExtensionCheckout>;

/** One of the caller's card payments. `GET /v1/payments/{id}` */
export const getPayment = action(ops.getPayment);
export type GetPaymentParameters = OperationParameters<typeof ops.getPayment>;
export type GetPaymentReturnType = OperationResult<typeof ops.getPayment>;

/** Refunds for admins, newest first. `GET /v1/admin/refunds` */
export const listRefunds = action(ops.listRefunds);
export type ListRefundsParameters = OperationParameters<typeof ops.listRefunds>;
export type ListRefundsReturnType = OperationResult<typeof ops.listRefunds>;

/** Approve (or retry) a refund. `POST /v1/admin/refunds/{id}/approve` */
export const approveRefund = action(ops.approveRefund);
export type ApproveRefundParameters = OperationParameters<typeof ops.approveRefund>;
export type ApproveRefundReturnType = OperationResult<typeof ops.approveRefund>;

/** Reject a refund awaiting approval. `POST /v1/admin/refunds/{id}/reject` */
export const rejectRefund = action(ops.rejectRefund);
export type RejectRefundParameters = OperationParameters<typeof ops.rejectRefund>;
export type RejectRefundReturnType = OperationResult<typeof ops.rejectRefund>;

/** Payment alerts for admins, newest first. `GET /v1/admin/payment-alerts` */
export const listPaymentAlerts = action(ops.listPaymentAlerts);
export type ListPaymentAlertsParameters = OperationParameters<typeof ops.listPaymentAlerts>;
export type ListPaymentAlertsReturnType = OperationResult<typeof ops.listPaymentAlerts>;

/** Release a held payment (apply or refund). `POST /v1/admin/payments/{id}/release` */
export const releaseHeldPayment = action(ops.releaseHeldPayment);
export type ReleaseHeldPaymentParameters = OperationParameters<typeof ops.releaseHeldPayment>;
export type ReleaseHeldPaymentReturnType = OperationResult<typeof ops.releaseHeldPayment>;
