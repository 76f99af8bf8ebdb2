// Handlers of the accounts operations; one file per operation.
export { addKey } from './add-key';
export { createApiToken } from './create-api-token';
export { getAccount } from './get-account';
export { getMe } from './get-me';
export { listApiTokens } from './list-api-tokens';
export { listKeys } from './list-keys';
export { registerAccount } from './register-account';
export { revokeApiToken } from './revoke-api-token';
export { revokeKey } from './revoke-key';
export { updateMe } from './update-me';
export { verifyEmail } from './verify-email';
