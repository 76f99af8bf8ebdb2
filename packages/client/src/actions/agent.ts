import * as ops from '../operations/agent';
import type { OperationParameters, OperationResult } from '../operations/define';
import { action } from './define-action';

/** Register the signing agent key with a setup token (region checked before use). `POST /v1/agent/register` */
export const registerAgent = action(ops.registerAgent);
export type RegisterAgentParameters = OperationParameters<typeof ops.registerAgent>;
export type RegisterAgentReturnType = OperationResult<typeof ops.registerAgent>;

/** Present a delegation certificate the provider signed offline for the signing key. `POST /v1/agent/delegations` */
export const submitDelegation = action(ops.submitDelegation);
export type SubmitDelegationParameters = OperationParameters<typeof ops.submitDelegation>;
export type SubmitDelegationReturnType = OperationResult<typeof ops.submitDelegation>;

/** Lease up to max queued jobs of the agent's pool, waiting up to wait_ms for one. `POST /v1/agent/jobs/lease` */
export const leaseJobs = action(ops.leaseJobs);
export type LeaseJobsParameters = OperationParameters<typeof ops.leaseJobs>;
export type LeaseJobsReturnType = OperationResult<typeof ops.leaseJobs>;

/** Extend a held lease by 60 s while the work continues. `POST /v1/agent/jobs/{id}/renew` */
export const renewJobLease = action(ops.renewJobLease);
export type RenewJobLeaseParameters = OperationParameters<typeof ops.renewJobLease>;
export type RenewJobLeaseReturnType = OperationResult<typeof ops.renewJobLease>;

/** Report a job done: the instance and sealed credentials of a provision. `POST /v1/agent/jobs/{id}/complete` */
export const completeJob = action(ops.completeJob);
export type CompleteJobParameters = OperationParameters<typeof ops.completeJob>;
export type CompleteJobReturnType = OperationResult<typeof ops.completeJob>;

/** Report a job failed: retried with backoff when retryable, else final. `POST /v1/agent/jobs/{id}/fail` */
export const failJob = action(ops.failJob);
export type FailJobParameters = OperationParameters<typeof ops.failJob>;
export type FailJobReturnType = OperationResult<typeof ops.failJob>;

/** Report liveness, version, provisioner kinds and load; keeps the pool online. `POST /v1/agent/heartbeat` */
export const sendHeartbeat = action(ops.sendHeartbeat);
export type SendHeartbeatParameters = OperationParameters<typeof ops.sendHeartbeat>;
export type SendHeartbeatReturnType = OperationResult<typeof ops.sendHeartbeat>;

/** Ask what to do with each instance found: keep, terminate, stop or unknown. `POST /v1/agent/reconcile` */
export const reconcileInstances = action(ops.reconcileInstances);
export type ReconcileInstancesParameters = OperationParameters<typeof ops.reconcileInstances>;
export type ReconcileInstancesReturnType = OperationResult<typeof ops.reconcileInstances>;

/** Store health checks of the pool's contracts. `POST /v1/agent/health` */
export const reportHealth = action(ops.reportHealth);
export type ReportHealthParameters = OperationParameters<typeof ops.reportHealth>;
export type ReportHealthReturnType = OperationResult<typeof ops.reportHealth>;

/** Queue a password reset of a delivered contract of the agent's pool. `POST /v1/agent/contracts/{id}/password-reset` */
export const requestAgentPasswordReset = action(ops.requestAgentPasswordReset);
export type RequestAgentPasswordResetParameters = OperationParameters<
  typeof ops.requestAgentPasswordReset
>;
export type RequestAgentPasswordResetReturnType = OperationResult<
  typeof ops.requestAgentPasswordReset
>;

/** A job of the agent's pool: status, attempt and last error. `GET /v1/agent/jobs/{id}` */
export const getAgentJob = action(ops.getAgentJob);
export type GetAgentJobParameters = OperationParameters<typeof ops.getAgentJob>;
export type GetAgentJobReturnType = OperationResult<typeof ops.getAgentJob>;
