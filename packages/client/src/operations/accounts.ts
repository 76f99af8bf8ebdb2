import { z } from 'zod';
import {
  Account,
  AccountKey,
  AddKeyBody,
  ApiToken,
  CreateApiTokenBody,
  CreatedApiToken,
  PublicAccount,
  RegisterAccountBody,
  UpdateAccountBody,
  Username,
  VerifyEmailBody,
} from '../schemas/account';
import { Id, PublicKeyHex } from '../schemas/common';
import { defineOperation } from './define';

const tag = 'accounts';

export const registerAccount = defineOperation('registerAccount', {
  method: 'POST',
  path: '/v1/accounts',
  auth: 'signed',
  tag,
  summary: 'Create an account whose first key is the signing key',
  body: RegisterAccountBody,
  response: Account,
  status: 201,
});

export const getAccount = defineOperation('getAccount', {
  method: 'GET',
  path: '/v1/accounts/{username}',
  auth: 'public',
  tag,
  summary: "An account's public profile",
  params: z.object({ username: Username }),
  response: PublicAccount,
});

export const getMe = defineOperation('getMe', {
  method: 'GET',
  path: '/v1/me',
  auth: 'account',
  scope: 'read',
  tag,
  summary: 'The signed-in account',
  response: Account,
});

export const updateMe = defineOperation('updateMe', {
  method: 'PATCH',
  path: '/v1/me',
  auth: 'account',
  tag,
  summary: 'Change display name or email (a new email is sent a verification code)',
  body: UpdateAccountBody,
  response: Account,
});

export const verifyEmail = defineOperation('verifyEmail', {
  method: 'POST',
  path: '/v1/me/email/verify',
  auth: 'account',
  tag,
  summary: 'Confirm the email address with the emailed code',
  body: VerifyEmailBody,
  response: Account,
});

export const listKeys = defineOperation('listKeys', {
  method: 'GET',
  path: '/v1/me/keys',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The account's keys, active and revoked",
  response: z.object({ items: z.array(AccountKey) }),
});

export const addKey = defineOperation('addKey', {
  method: 'POST',
  path: '/v1/me/keys',
  auth: 'account',
  tag,
  summary: 'Add a key, with proof that the caller holds it',
  body: AddKeyBody,
  response: AccountKey,
  status: 201,
});

export const revokeKey = defineOperation('revokeKey', {
  method: 'DELETE',
  path: '/v1/me/keys/{public_key}',
  auth: 'account',
  tag,
  summary: 'Revoke a key (the last active key cannot be revoked)',
  params: z.object({ public_key: PublicKeyHex }),
  response: AccountKey,
});

export const listApiTokens = defineOperation('listApiTokens', {
  method: 'GET',
  path: '/v1/me/tokens',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "The account's API tokens (never their secrets)",
  response: z.object({ items: z.array(ApiToken) }),
});

export const createApiToken = defineOperation('createApiToken', {
  method: 'POST',
  path: '/v1/me/tokens',
  auth: 'account',
  tag,
  summary: 'Mint a scoped, expiring bearer token; the secret is shown only in this answer',
  description: 'Only a request signed by a key may mint tokens; a token cannot mint another.',
  body: CreateApiTokenBody,
  response: CreatedApiToken,
  status: 201,
});

export const revokeApiToken = defineOperation('revokeApiToken', {
  method: 'DELETE',
  path: '/v1/me/tokens/{id}',
  auth: 'account',
  tag,
  summary: 'Revoke an API token; takes effect on the next request',
  params: z.object({ id: Id }),
  response: ApiToken,
});
