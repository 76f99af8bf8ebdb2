import { z } from 'zod';
import {
  AgentJobState,
  CompleteJobBody,
  Delegation,
  FailJobBody,
  HealthReportAck,
  HealthReportBody,
  HeartbeatAck,
  HeartbeatBody,
  JobOutcome,
  LeasedJob,
  LeaseJobsBody,
  LeaseProof,
  ReconcileBody,
  ReconcileResult,
  RegisterAgentBody,
  RenewedLease,
  SubmitDelegationBody,
} from '../schemas/agent';
import { Id } from '../schemas/common';
import { ContractJob, PasswordResetBody } from '../schemas/contract';
import { defineOperation } from './define';

// Agent-side operations (spec: agent-protocol.md §3). Registration is signed by the new agent
// key itself; everything else needs an active delegation with the named permission.

const tag = 'agent';

export const registerAgent = defineOperation('registerAgent', {
  method: 'POST',
  path: '/v1/agent/register',
  auth: 'signed',
  tag,
  summary: 'Register the signing agent key with a setup token (region checked before use)',
  body: RegisterAgentBody,
  response: Delegation,
  status: 201,
});

export const submitDelegation = defineOperation('submitDelegation', {
  method: 'POST',
  path: '/v1/agent/delegations',
  auth: 'signed',
  tag,
  summary: 'Present a delegation certificate the provider signed offline for the signing key',
  body: SubmitDelegationBody,
  response: Delegation,
  status: 201,
});

export const leaseJobs = defineOperation('leaseJobs', {
  method: 'POST',
  path: '/v1/agent/jobs/lease',
  auth: 'agent',
  permission: 'lease_jobs',
  tag,
  summary: "Lease up to max queued jobs of the agent's pool, waiting up to wait_ms for one",
  body: LeaseJobsBody,
  response: z.object({ jobs: z.array(LeasedJob) }),
});

export const renewJobLease = defineOperation('renewJobLease', {
  method: 'POST',
  path: '/v1/agent/jobs/{id}/renew',
  auth: 'agent',
  permission: 'lease_jobs',
  tag,
  summary: 'Extend a held lease by 60 s while the work continues',
  params: z.object({ id: Id }),
  body: LeaseProof,
  response: RenewedLease,
});

export const completeJob = defineOperation('completeJob', {
  method: 'POST',
  path: '/v1/agent/jobs/{id}/complete',
  auth: 'agent',
  permission: 'report_instances',
  tag,
  summary: 'Report a job done: the instance and sealed credentials of a provision',
  params: z.object({ id: Id }),
  body: CompleteJobBody,
  response: JobOutcome,
});

export const failJob = defineOperation('failJob', {
  method: 'POST',
  path: '/v1/agent/jobs/{id}/fail',
  auth: 'agent',
  permission: 'report_instances',
  tag,
  summary: 'Report a job failed: retried with backoff when retryable, else final',
  params: z.object({ id: Id }),
  body: FailJobBody,
  response: JobOutcome,
});

export const sendHeartbeat = defineOperation('sendHeartbeat', {
  method: 'POST',
  path: '/v1/agent/heartbeat',
  auth: 'agent',
  permission: 'heartbeat',
  tag,
  summary: 'Report liveness, version, provisioner kinds and load; keeps the pool online',
  body: HeartbeatBody,
  response: HeartbeatAck,
});

export const reconcileInstances = defineOperation('reconcileInstances', {
  method: 'POST',
  path: '/v1/agent/reconcile',
  auth: 'agent',
  permission: 'report_instances',
  tag,
  summary: 'Ask what to do with each instance found: keep, terminate, stop or unknown',
  body: ReconcileBody,
  response: ReconcileResult,
});

export const reportHealth = defineOperation('reportHealth', {
  method: 'POST',
  path: '/v1/agent/health',
  auth: 'agent',
  permission: 'report_health',
  tag,
  summary: "Store health checks of the pool's contracts",
  body: HealthReportBody,
  response: HealthReportAck,
});

export const requestAgentPasswordReset = defineOperation('requestAgentPasswordReset', {
  method: 'POST',
  path: '/v1/agent/contracts/{id}/password-reset',
  auth: 'agent',
  permission: 'report_instances',
  tag,
  summary:
    "Queue a password reset of a delivered contract of the agent's pool (dc-agent reset-password)",
  description:
    "The new password is sealed to the renter's keys by the agent that runs the job, as for a " +
    "renter's request. A contract of another provider or pool is a 404; one not delivered, 409.",
  params: z.object({ id: Id }),
  body: PasswordResetBody,
  response: ContractJob,
  status: 201,
});

export const getAgentJob = defineOperation('getAgentJob', {
  method: 'GET',
  path: '/v1/agent/jobs/{id}',
  auth: 'agent',
  permission: 'lease_jobs',
  tag,
  summary: "A job of the agent's pool: status, attempt and last error",
  params: z.object({ id: Id }),
  response: AgentJobState,
});
