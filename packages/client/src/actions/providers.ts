import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/providers';
import { action } from './define-action';

/** Create or replace the caller's provider profile (makes the account a provider). `PUT /v1/provider/profile` */
export const putProviderProfile = action(ops.putProviderProfile);
export type PutProviderProfileParameters = OperationParameters<typeof ops.putProviderProfile>;
export type PutProviderProfileReturnType = OperationResult<typeof ops.putProviderProfile>;

/** The caller's provider profile. `GET /v1/provider/profile` */
export const getProviderProfile = action(ops.getProviderProfile);
export type GetProviderProfileParameters = OperationParameters<typeof ops.getProviderProfile>;
export type GetProviderProfileReturnType = OperationResult<typeof ops.getProviderProfile>;

/** A provider's public summary. `GET /v1/providers/{username}` */
export const getProvider = action(ops.getProvider);
export type GetProviderParameters = OperationParameters<typeof ops.getProvider>;
export type GetProviderReturnType = OperationResult<typeof ops.getProvider>;

/** Create a pool (a location and the provisioner kinds its agents run). `POST /v1/provider/pools` */
export const createPool = action(ops.createPool);
export type CreatePoolParameters = OperationParameters<typeof ops.createPool>;
export type CreatePoolReturnType = OperationResult<typeof ops.createPool>;

/** The caller's pools with their agents' last heartbeat. `GET /v1/provider/pools` */
export const listPools = action(ops.listPools);
export type ListPoolsParameters = OperationParameters<typeof ops.listPools>;
export type ListPoolsReturnType = OperationResult<typeof ops.listPools>;

/** Rename a pool or change its provisioner kinds. `PATCH /v1/provider/pools/{id}` */
export const updatePool = action(ops.updatePool);
export type UpdatePoolParameters = OperationParameters<typeof ops.updatePool>;
export type UpdatePoolReturnType = OperationResult<typeof ops.updatePool>;

/** Delete a pool no offering uses. `DELETE /v1/provider/pools/{id}` */
export const deletePool = action(ops.deletePool);
export type DeletePoolParameters = OperationParameters<typeof ops.deletePool>;
export type DeletePoolReturnType = OperationResult<typeof ops.deletePool>;
