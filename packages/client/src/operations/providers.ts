import { z } from 'zod';
import { Username } from '../schemas/account';
import { Id } from '../schemas/common';
import {
  Pool,
  PoolBody,
  PoolPatch,
  ProviderProfile,
  ProviderProfileBody,
  ProviderSummary,
} from '../schemas/provider';
import { defineOperation } from './define';

const tag = 'providers';

export const putProviderProfile = defineOperation('putProviderProfile', {
  method: 'PUT',
  path: '/v1/provider/profile',
  auth: 'account',
  scope: 'provider',
  tag,
  summary: "Create or replace the caller's provider profile (makes the account a provider)",
  body: ProviderProfileBody,
  response: ProviderProfile,
});

export const getProviderProfile = defineOperation('getProviderProfile', {
  method: 'GET',
  path: '/v1/provider/profile',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's provider profile",
  response: ProviderProfile,
});

export const getProvider = defineOperation('getProvider', {
  method: 'GET',
  path: '/v1/providers/{username}',
  auth: 'public',
  tag,
  summary: "A provider's public summary",
  params: z.object({ username: Username }),
  response: ProviderSummary,
});

export const createPool = defineOperation('createPool', {
  method: 'POST',
  path: '/v1/provider/pools',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Create a pool (a location and the provisioner kinds its agents run)',
  body: PoolBody,
  response: Pool,
  status: 201,
});

export const listPools = defineOperation('listPools', {
  method: 'GET',
  path: '/v1/provider/pools',
  auth: 'provider',
  scope: 'read',
  tag,
  summary: "The caller's pools with their agents' last heartbeat",
  response: z.object({ items: z.array(Pool) }),
});

export const updatePool = defineOperation('updatePool', {
  method: 'PATCH',
  path: '/v1/provider/pools/{id}',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Rename a pool or change its provisioner kinds',
  params: z.object({ id: Id }),
  body: PoolPatch,
  response: Pool,
});

export const deletePool = defineOperation('deletePool', {
  method: 'DELETE',
  path: '/v1/provider/pools/{id}',
  auth: 'provider',
  scope: 'provider',
  tag,
  summary: 'Delete a pool no offering uses',
  params: z.object({ id: Id }),
  response: z.void(),
  status: 204,
});
