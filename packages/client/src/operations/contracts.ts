import { z } from 'zod';
import { Id } from '../schemas/common';
import {
  AdminCancelBody,
  CancelResult,
  Contract,
  ContractCredentials,
  ContractJob,
  ContractJobList,
  ContractPage,
  ContractTimeline,
  ExtendBody,
  ListContractsQuery,
  PasswordResetBody,
  ReasonBody,
  RefundPreview,
  RentBody,
  RentQuote,
  RentQuoteBody,
  SshKeyRotationBody,
} from '../schemas/contract';
import { defineOperation } from './define';

const tag = 'contracts';
const params = z.object({ id: Id });

export const rentContract = defineOperation('rentContract', {
  method: 'POST',
  path: '/v1/contracts',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Rent an offering: creates the contract and pays it from the wallet in one step',
  description:
    'Prices are net: the wallet is debited (or the card charged) net + VAT, the VAT treatment ' +
    "decided now from the seller and the renter's billing settings and kept for the contract's " +
    'life. 409 billing_settings_required when the server has a seller and the renter saved no ' +
    'billing settings. 402 insufficient_funds creates nothing. The same idempotency_key returns ' +
    'the same contract.',
  body: RentBody,
  response: Contract,
  status: 201,
});

export const quoteRental = defineOperation('quoteRental', {
  method: 'POST',
  path: '/v1/contracts/quote',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'What renting would cost now, with VAT, and whether the wallet covers it',
  description:
    'Computed like `POST /v1/contracts` computes the charge, and refused for the same reasons ' +
    '(422 on the field for hours or image outside the offering, 409 offering_not_rentable, 409 ' +
    'billing_settings_required), so a preview never promises what the rental would refuse. ' +
    'Changes nothing.',
  body: RentQuoteBody,
  response: RentQuote,
});

export const listContracts = defineOperation('listContracts', {
  method: 'GET',
  path: '/v1/contracts',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The caller's contracts as renter and as provider, newest first",
  query: ListContractsQuery,
  response: ContractPage,
});

export const getContract = defineOperation('getContract', {
  method: 'GET',
  path: '/v1/contracts/{id}',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'One contract (its renter, its provider or an admin)',
  params,
  response: Contract,
});

export const acceptContract = defineOperation('acceptContract', {
  method: 'POST',
  path: '/v1/contracts/{id}/accept',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Provider accepts a requested contract; its provision job is queued',
  params,
  response: Contract,
});

export const rejectContract = defineOperation('rejectContract', {
  method: 'POST',
  path: '/v1/contracts/{id}/reject',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Provider declines a contract before delivery; everything paid is refunded',
  params,
  body: ReasonBody,
  response: CancelResult,
});

export const cancelContract = defineOperation('cancelContract', {
  method: 'POST',
  path: '/v1/contracts/{id}/cancel',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Renter cancels; the unused paid time is refunded to the wallet',
  params,
  body: ReasonBody,
  response: CancelResult,
});

export const previewContractRefund = defineOperation('previewContractRefund', {
  method: 'GET',
  path: '/v1/contracts/{id}/refund-preview',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'What cancelling now would refund (renter)',
  params,
  response: RefundPreview,
});

export const providerCancelContract = defineOperation('providerCancelContract', {
  method: 'POST',
  path: '/v1/contracts/{id}/provider-cancel',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: "Provider ends a delivered contract (prorated refund; counts on the provider's record)",
  params,
  body: ReasonBody,
  response: CancelResult,
});

export const adminCancelContract = defineOperation('adminCancelContract', {
  method: 'POST',
  path: '/v1/admin/contracts/{id}/cancel',
  auth: 'admin',
  tag: 'admin',
  summary: 'Admin ends a contract with a refund of their choice, at most what is refundable',
  params,
  body: AdminCancelBody,
  response: CancelResult,
});

export const extendContract = defineOperation('extendContract', {
  method: 'POST',
  path: '/v1/contracts/{id}/extend',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Buy more hours, paid from the wallet in the same step',
  description:
    "Priced at the contract's rent-time price plus VAT under its rent-time treatment (never " +
    'the current billing settings). 402 insufficient_funds names the amount needed.',
  params,
  body: ExtendBody,
  response: Contract,
});

export const getContractTimeline = defineOperation('getContractTimeline', {
  method: 'GET',
  path: '/v1/contracts/{id}/timeline',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'Every status change of the contract, oldest first',
  params,
  response: ContractTimeline,
});

export const getContractCredentials = defineOperation('getContractCredentials', {
  method: 'GET',
  path: '/v1/contracts/{id}/credentials',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The contract's credentials, sealed to the renter's keys (renter only)",
  params,
  response: ContractCredentials,
});

export const requestPasswordReset = defineOperation('requestPasswordReset', {
  method: 'POST',
  path: '/v1/contracts/{id}/password-reset',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Ask the agent to set a new password, delivered sealed (renter; delivered contracts)',
  params,
  body: PasswordResetBody,
  response: ContractJob,
  status: 201,
});

export const listContractJobs = defineOperation('listContractJobs', {
  method: 'GET',
  path: '/v1/contracts/{id}/jobs',
  auth: 'account',
  scope: 'read',
  tag,
  summary:
    "The renter's password resets and SSH key rotations on the contract, newest first (at most " +
    '50), with their status and, when one failed, the reason (renter, provider, admins)',
  params,
  response: ContractJobList,
});

export const requestSshKeyRotation = defineOperation('requestSshKeyRotation', {
  method: 'POST',
  path: '/v1/contracts/{id}/ssh-key-rotation',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Ask the agent to replace the SSH keys (renter; delivered contracts)',
  params,
  body: SshKeyRotationBody,
  response: ContractJob,
  status: 201,
});

export const confirmContract = defineOperation('confirmContract', {
  method: 'POST',
  path: '/v1/contracts/{id}/confirm',
  auth: 'account',
  scope: 'rent',
  tag,
  summary: 'Renter confirms the server works: the contract becomes active',
  params,
  response: Contract,
});
