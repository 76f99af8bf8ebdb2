import { z } from 'zod';
import { Username } from '../schemas/account';
import { Id, PageQuery } from '../schemas/common';
import {
  Leaderboard,
  ProviderRecord,
  UptimeReport,
  UptimeSeries,
  UptimeSeriesQuery,
} from '../schemas/trust';
import { defineOperation } from './define';

const tag = 'trust';
const byId = z.object({ id: Id });
const byUsername = z.object({ username: Username });

export const getProviderRecord = defineOperation('getProviderRecord', {
  method: 'GET',
  path: '/v1/providers/{username}/record',
  auth: 'public',
  tag,
  summary: "A provider's record: every metric, the trust score with its flags and formula version",
  description:
    'Computed by a scheduled job and stored with `computed_at`; reading it never recomputes. ' +
    'The score is null, with `null_reason`, below 5 delivered contracts or 3 days of checks.',
  params: byUsername,
  response: ProviderRecord,
});

export const getLeaderboard = defineOperation('getLeaderboard', {
  method: 'GET',
  path: '/v1/leaderboard',
  auth: 'public',
  tag,
  summary: 'Providers with a trust score, by score, then 30-day uptime, then delivered contracts',
  query: PageQuery,
  response: Leaderboard,
});

export const getProviderUptime = defineOperation('getProviderUptime', {
  method: 'GET',
  path: '/v1/providers/{username}/uptime',
  auth: 'public',
  tag,
  summary: "A provider's uptime over 24 h, 7 d and 30 d with the checks behind each figure",
  params: byUsername,
  response: UptimeReport,
});

export const getProviderUptimeSeries = defineOperation('getProviderUptimeSeries', {
  method: 'GET',
  path: '/v1/providers/{username}/uptime/daily',
  auth: 'public',
  tag,
  summary: "A provider's daily uptime (UTC days) for charts",
  params: byUsername,
  query: UptimeSeriesQuery,
  response: UptimeSeries,
});

export const getOfferingUptime = defineOperation('getOfferingUptime', {
  method: 'GET',
  path: '/v1/offerings/{id}/uptime',
  auth: 'optional',
  scope: 'read',
  tag,
  summary: "An offering's uptime over 24 h, 7 d and 30 d with the checks behind each figure",
  params: byId,
  response: UptimeReport,
});

export const getOfferingUptimeSeries = defineOperation('getOfferingUptimeSeries', {
  method: 'GET',
  path: '/v1/offerings/{id}/uptime/daily',
  auth: 'optional',
  scope: 'read',
  tag,
  summary: "An offering's daily uptime (UTC days) for charts",
  params: byId,
  query: UptimeSeriesQuery,
  response: UptimeSeries,
});

export const getContractUptime = defineOperation('getContractUptime', {
  method: 'GET',
  path: '/v1/contracts/{id}/uptime',
  auth: 'account',
  scope: 'read',
  tag,
  summary:
    "A contract's uptime over 24 h, 7 d and 30 d and the prober's disagreements with the agent (its parties only)",
  params: byId,
  response: UptimeReport,
});

export const getContractUptimeSeries = defineOperation('getContractUptimeSeries', {
  method: 'GET',
  path: '/v1/contracts/{id}/uptime/daily',
  auth: 'account',
  scope: 'read',
  tag,
  summary: "A contract's daily uptime (UTC days) for charts (its parties only)",
  params: byId,
  query: UptimeSeriesQuery,
  response: UptimeSeries,
});
