import * as ops from '../operations/contracts';
import type { OperationParameters, OperationResult } from '../operations/define';
import { action } from './define-action';

/** Rent an offering, paid from the wallet. `POST /v1/contracts` */
export const rentContract = action(ops.rentContract);
export type RentContractParameters = OperationParameters<typeof ops.rentContract>;
export type RentContractReturnType = OperationResult<typeof ops.rentContract>;

/** What renting would cost now (net, VAT, total) and whether the wallet covers it. `POST /v1/contracts/quote` */
export const quoteRental = action(ops.quoteRental);
export type QuoteRentalParameters = OperationParameters<typeof ops.quoteRental>;
export type QuoteRentalReturnType = OperationResult<typeof ops.quoteRental>;

/** The caller's contracts as renter and provider. `GET /v1/contracts` */
export const listContracts = action(ops.listContracts);
export type ListContractsParameters = OperationParameters<typeof ops.listContracts>;
export type ListContractsReturnType = OperationResult<typeof ops.listContracts>;

/** One contract. `GET /v1/contracts/{id}` */
export const getContract = action(ops.getContract);
export type GetContractParameters = OperationParameters<typeof ops.getContract>;
export type GetContractReturnType = OperationResult<typeof ops.getContract>;

/** Provider accepts a requested contract. `POST /v1/contracts/{id}/accept` */
export const acceptContract = action(ops.acceptContract);
export type AcceptContractParameters = OperationParameters<typeof ops.acceptContract>;
export type AcceptContractReturnType = OperationResult<typeof ops.acceptContract>;

/** Provider declines a contract before delivery. `POST /v1/contracts/{id}/reject` */
export const rejectContract = action(ops.rejectContract);
export type RejectContractParameters = OperationParameters<typeof ops.rejectContract>;
export type RejectContractReturnType = OperationResult<typeof ops.rejectContract>;

/** Renter cancels with a prorated refund. `POST /v1/contracts/{id}/cancel` */
export const cancelContract = action(ops.cancelContract);
export type CancelContractParameters = OperationParameters<typeof ops.cancelContract>;
export type CancelContractReturnType = OperationResult<typeof ops.cancelContract>;

/** What cancelling now would refund. `GET /v1/contracts/{id}/refund-preview` */
export const previewContractRefund = action(ops.previewContractRefund);
export type PreviewContractRefundParameters = OperationParameters<typeof ops.previewContractRefund>;
export type PreviewContractRefundReturnType = OperationResult<typeof ops.previewContractRefund>;

/** Provider ends a delivered contract. `POST /v1/contracts/{id}/provider-cancel` */
export const providerCancelContract = action(ops.providerCancelContract);
export type ProviderCancelContractParameters = OperationParameters<
  typeof ops.providerCancelContract
>;
export type ProviderCancelContractReturnType = OperationResult<typeof ops.providerCancelContract>;

/** Admin ends a contract with a chosen refund. `POST /v1/admin/contracts/{id}/cancel` */
export const adminCancelContract = action(ops.adminCancelContract);
export type AdminCancelContractParameters = OperationParameters<typeof ops.adminCancelContract>;
export type AdminCancelContractReturnType = OperationResult<typeof ops.adminCancelContract>;

/** Buy more hours from the wallet. `POST /v1/contracts/{id}/extend` */
export const extendContract = action(ops.extendContract);
export type ExtendContractParameters = OperationParameters<typeof ops.extendContract>;
export type ExtendContractReturnType = OperationResult<typeof ops.extendContract>;

/**
 * The renter's password resets and SSH key rotations and how each ended (a failed one with
 * the agent's reason). `GET /v1/contracts/{id}/jobs`
 */
export const listContractJobs = action(ops.listContractJobs);
export type ListContractJobsParameters = OperationParameters<typeof ops.listContractJobs>;
export type ListContractJobsReturnType = OperationResult<typeof ops.listContractJobs>;

/** The contract's status changes. `GET /v1/contracts/{id}/timeline` */
export const getContractTimeline = action(ops.getContractTimeline);
export type GetContractTimelineParameters = OperationParameters<typeof ops.getContractTimeline>;
export type GetContractTimelineReturnType = OperationResult<typeof ops.getContractTimeline>;

/** Sealed credentials (renter). `GET /v1/contracts/{id}/credentials` */
export const getContractCredentials = action(ops.getContractCredentials);
export type GetContractCredentialsParameters = OperationParameters<
  typeof ops.getContractCredentials
>;
export type GetContractCredentialsReturnType = OperationResult<typeof ops.getContractCredentials>;

/** Ask for a new sealed password. `POST /v1/contracts/{id}/password-reset` */
export const requestPasswordReset = action(ops.requestPasswordReset);
export type RequestPasswordResetParameters = OperationParameters<typeof ops.requestPasswordReset>;
export type RequestPasswordResetReturnType = OperationResult<typeof ops.requestPasswordReset>;

/** Ask for new SSH keys. `POST /v1/contracts/{id}/ssh-key-rotation` */
export const requestSshKeyRotation = action(ops.requestSshKeyRotation);
export type RequestSshKeyRotationParameters = OperationParameters<typeof ops.requestSshKeyRotation>;
export type RequestSshKeyRotationReturnType = OperationResult<typeof ops.requestSshKeyRotation>;

/** Renter confirms delivery. `POST /v1/contracts/{id}/confirm` */
export const confirmContract = action(ops.confirmContract);
export type ConfirmContractParameters = OperationParameters<typeof ops.confirmContract>;
export type ConfirmContractReturnType = OperationResult<typeof ops.confirmContract>;
