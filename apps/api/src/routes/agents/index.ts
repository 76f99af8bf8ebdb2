// Handlers of the agents operations; one file per operation.

export { completeManually } from './complete-manually';
export { createSetupToken } from './create-setup-token';
export { getRenterKeys } from './get-renter-keys';
export { listAgents } from './list-agents';
export { revokeAgent } from './revoke-agent';
