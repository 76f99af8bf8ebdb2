// Handlers of the providers operations; one file per operation.
export { createPool } from './create-pool';
export { deletePool } from './delete-pool';
export { getProvider } from './get-provider';
export { getProviderProfile } from './get-provider-profile';
export { listPools } from './list-pools';
export { putProviderProfile } from './put-provider-profile';
export { updatePool } from './update-pool';
