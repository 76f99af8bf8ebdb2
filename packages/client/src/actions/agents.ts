import * as ops from '../operations/agents';
import type { OperationParameters, OperationResult } from '../operations/define';
import { action } from './define-action';

/** Create a single-use, expiring setup token for an agent of the pool (shown once). `POST /v1/provider/pools/{id}/setup-tokens` */
export const createSetupToken = action(ops.createSetupToken);
export type CreateSetupTokenParameters = OperationParameters<typeof ops.createSetupToken>;
export type CreateSetupTokenReturnType = OperationResult<typeof ops.createSetupToken>;

/** The caller's agents: delegations, revocations and latest heartbeats. `GET /v1/provider/agents` */
export const listAgents = action(ops.listAgents);
export type ListAgentsParameters = OperationParameters<typeof ops.listAgents>;
export type ListAgentsReturnType = OperationResult<typeof ops.listAgents>;

/** Revoke an agent's delegation; its next request is refused. `DELETE /v1/provider/agents/{pubkey}` */
export const revokeAgent = action(ops.revokeAgent);
export type RevokeAgentParameters = OperationParameters<typeof ops.revokeAgent>;
export type RevokeAgentReturnType = OperationResult<typeof ops.revokeAgent>;

/** The renter's active public keys, to seal a manual delivery's credentials to. `GET /v1/provider/contracts/{id}/renter-keys` */
export const getRenterKeys = action(ops.getRenterKeys);
export type GetRenterKeysParameters = OperationParameters<typeof ops.getRenterKeys>;
export type GetRenterKeysReturnType = OperationResult<typeof ops.getRenterKeys>;

/** Deliver a manual-provisioner contract: instance details and client-sealed credentials. `POST /v1/provider/contracts/{id}/manual-completion` */
export const completeManually = action(ops.completeManually);
export type CompleteManuallyParameters = OperationParameters<typeof ops.completeManually>;
export type CompleteManuallyReturnType = OperationResult<typeof ops.completeManually>;
