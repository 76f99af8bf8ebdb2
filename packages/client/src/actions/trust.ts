import type { OperationParameters, OperationResult } from '../operations/define';
import * as ops from '../operations/trust';
import { action } from './define-action';

/** A provider's record: every metric, the trust score with its flags and formula version. `GET /v1/providers/{username}/record` */
export const getProviderRecord = action(ops.getProviderRecord);
export type GetProviderRecordParameters = OperationParameters<typeof ops.getProviderRecord>;
export type GetProviderRecordReturnType = OperationResult<typeof ops.getProviderRecord>;

/** Providers with a trust score, by score, then 30-day uptime, then delivered contracts. `GET /v1/leaderboard` */
export const getLeaderboard = action(ops.getLeaderboard);
export type GetLeaderboardParameters = OperationParameters<typeof ops.getLeaderboard>;
export type GetLeaderboardReturnType = OperationResult<typeof ops.getLeaderboard>;

/** A provider's uptime over 24 h, 7 d and 30 d with the checks behind each figure. `GET /v1/providers/{username}/uptime` */
export const getProviderUptime = action(ops.getProviderUptime);
export type GetProviderUptimeParameters = OperationParameters<typeof ops.getProviderUptime>;
export type GetProviderUptimeReturnType = OperationResult<typeof ops.getProviderUptime>;

/** A provider's daily uptime (UTC days) for charts. `GET /v1/providers/{username}/uptime/daily` */
export const getProviderUptimeSeries = action(ops.getProviderUptimeSeries);
export type GetProviderUptimeSeriesParameters = OperationParameters<
  typeof ops.getProviderUptimeSeries
>;
export type GetProviderUptimeSeriesReturnType = OperationResult<typeof ops.getProviderUptimeSeries>;

/** An offering's uptime over 24 h, 7 d and 30 d with the checks behind each figure. `GET /v1/offerings/{id}/uptime` */
export const getOfferingUptime = action(ops.getOfferingUptime);
export type GetOfferingUptimeParameters = OperationParameters<typeof ops.getOfferingUptime>;
export type GetOfferingUptimeReturnType = OperationResult<typeof ops.getOfferingUptime>;

/** An offering's daily uptime (UTC days) for charts. `GET /v1/offerings/{id}/uptime/daily` */
export const getOfferingUptimeSeries = action(ops.getOfferingUptimeSeries);
export type GetOfferingUptimeSeriesParameters = OperationParameters<
  typeof ops.getOfferingUptimeSeries
>;
export type GetOfferingUptimeSeriesReturnType = OperationResult<typeof ops.getOfferingUptimeSeries>;

/** A contract's uptime and the prober's disagreements with the agent (its parties only). `GET /v1/contracts/{id}/uptime` */
export const getContractUptime = action(ops.getContractUptime);
export type GetContractUptimeParameters = OperationParameters<typeof ops.getContractUptime>;
export type GetContractUptimeReturnType = OperationResult<typeof ops.getContractUptime>;

/** A contract's daily uptime (UTC days) for charts (its parties only). `GET /v1/contracts/{id}/uptime/daily` */
export const getContractUptimeSeries = action(ops.getContractUptimeSeries);
export type GetContractUptimeSeriesParameters = OperationParameters<
  typeof ops.getContractUptimeSeries
>;
export type GetContractUptimeSeriesReturnType = OperationResult<typeof ops.getContractUptimeSeries>;
