// Handlers of the contract feedback operations; one file per operation.
export { getContractFeedback } from './get-contract-feedback';
export { submitContractFeedback } from './submit-contract-feedback';
