/**
 * The dc-agent daemon (`dc-agent run`): leases jobs from the API and runs them through the
 * configured provisioners, with heartbeats, lease renewal, reconcile and health checks.
 *
 * @packageDocumentation
 */
export type { JobRef, RuntimeEvent } from './events';
export type { RuntimeOptions, RuntimeTuning } from './options';
export { ORPHANS_FILE } from './orphans-store';
export { type AgentRuntime, startRuntime } from './runtime';
export type { RuntimeJobStatus, RuntimeOrphanStatus, RuntimeStatus } from './status-store';
export { STATUS_FILE } from './status-store';
