import * as ops from '../operations/accounts';
import type { OperationParameters, OperationResult } from '../operations/define';
import { action } from './define-action';

/** Create an account whose first key is the signing key. `POST /v1/accounts` */
export const registerAccount = action(ops.registerAccount);
export type RegisterAccountParameters = OperationParameters<typeof ops.registerAccount>;
export type RegisterAccountReturnType = OperationResult<typeof ops.registerAccount>;

/** An account's public profile. `GET /v1/accounts/{username}` */
export const getAccount = action(ops.getAccount);
export type GetAccountParameters = OperationParameters<typeof ops.getAccount>;
export type GetAccountReturnType = OperationResult<typeof ops.getAccount>;

/** The signed-in account. `GET /v1/me` */
export const getMe = action(ops.getMe);
export type GetMeParameters = OperationParameters<typeof ops.getMe>;
export type GetMeReturnType = OperationResult<typeof ops.getMe>;

/** Change display name or email (a new email is sent a verification code). `PATCH /v1/me` */
export const updateMe = action(ops.updateMe);
export type UpdateMeParameters = OperationParameters<typeof ops.updateMe>;
export type UpdateMeReturnType = OperationResult<typeof ops.updateMe>;

/** Confirm the email address with the emailed code. `POST /v1/me/email/verify` */
export const verifyEmail = action(ops.verifyEmail);
export type VerifyEmailParameters = OperationParameters<typeof ops.verifyEmail>;
export type VerifyEmailReturnType = OperationResult<typeof ops.verifyEmail>;

/** The account's keys, active and revoked. `GET /v1/me/keys` */
export const listKeys = action(ops.listKeys);
export type ListKeysParameters = OperationParameters<typeof ops.listKeys>;
export type ListKeysReturnType = OperationResult<typeof ops.listKeys>;

/** Add a key, with proof that the caller holds it. `POST /v1/me/keys` */
export const addKey = action(ops.addKey);
export type AddKeyParameters = OperationParameters<typeof ops.addKey>;
export type AddKeyReturnType = OperationResult<typeof ops.addKey>;

/** Revoke a key (the last active key cannot be revoked). `DELETE /v1/me/keys/{public_key}` */
export const revokeKey = action(ops.revokeKey);
export type RevokeKeyParameters = OperationParameters<typeof ops.revokeKey>;
export type RevokeKeyReturnType = OperationResult<typeof ops.revokeKey>;

/** The account's API tokens (never their secrets). `GET /v1/me/tokens` */
export const listApiTokens = action(ops.listApiTokens);
export type ListApiTokensParameters = OperationParameters<typeof ops.listApiTokens>;
export type ListApiTokensReturnType = OperationResult<typeof ops.listApiTokens>;

/** Mint a scoped, expiring bearer token; the secret is shown only in this answer. `POST /v1/me/tokens` */
export const createApiToken = action(ops.createApiToken);
export type CreateApiTokenParameters = OperationParameters<typeof ops.createApiToken>;
export type CreateApiTokenReturnType = OperationResult<typeof ops.createApiToken>;

/** Revoke an API token; takes effect on the next request. `DELETE /v1/me/tokens/{id}` */
export const revokeApiToken = action(ops.revokeApiToken);
export type RevokeApiTokenParameters = OperationParameters<typeof ops.revokeApiToken>;
export type RevokeApiTokenReturnType = OperationResult<typeof ops.revokeApiToken>;
