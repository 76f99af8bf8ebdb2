export { getContractUptime, getContractUptimeSeries } from './get-contract-uptime';
export { getLeaderboard } from './get-leaderboard';
export { getOfferingUptime, getOfferingUptimeSeries } from './get-offering-uptime';
export { getProviderRecord } from './get-provider-record';
export { getProviderUptime, getProviderUptimeSeries } from './get-provider-uptime';
