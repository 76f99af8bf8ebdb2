// Handlers of the agent operations; one file per operation.

export { completeJob } from './complete-job';
export { failJob } from './fail-job';
export { getAgentJob } from './get-agent-job';
export { leaseJobs } from './lease-jobs';
export { reconcileInstances } from './reconcile-instances';
export { registerAgent } from './register-agent';
export { renewJobLease } from './renew-job-lease';
export { reportHealth } from './report-health';
export { requestAgentPasswordReset } from './request-agent-password-reset';
export { sendHeartbeat } from './send-heartbeat';
export { submitDelegation } from './submit-delegation';
