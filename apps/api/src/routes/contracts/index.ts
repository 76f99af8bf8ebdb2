// Handlers of the contract operations; one file per operation.
export { acceptContract } from './accept-contract';
export { adminCancelContract } from './admin-cancel-contract';
export { cancelContract } from './cancel-contract';
export { confirmContract } from './confirm-contract';
export { extendContract } from './extend-contract';
export { getContract } from './get-contract';
export { getContractCredentials } from './get-contract-credentials';
export { getContractTimeline } from './get-contract-timeline';
export { listContractJobs } from './list-contract-jobs';
export { listContracts } from './list-contracts';
export { previewContractRefund } from './preview-contract-refund';
export { providerCancelContract } from './provider-cancel-contract';
export { quoteRental } from './quote-rental';
export { rejectContract } from './reject-contract';
export { rentContract } from './rent-contract';
export { requestPasswordReset } from './request-password-reset';
export { requestSshKeyRotation } from './request-ssh-key-rotation';
