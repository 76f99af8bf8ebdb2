import type { Config } from '../config';
import type { ProberOptions } from '../prober/worker';
import type { TrustJobSettings } from './job';

/** The agent reports a check per running contract every 5 minutes (trust.md §1). */
export const AGENT_CHECK_INTERVAL_MS = 300_000;

/** A sample stands this much longer than its cadence: a late round or report is not downtime. */
export const COVERAGE_GRACE_MS = 60_000;

type TrustConfig = Pick<
  Config,
  | 'DC_PROBER_ENABLED'
  | 'DC_PROBER_INTERVAL_MS'
  | 'DC_PROBER_TIMEOUT_MS'
  | 'DC_PROBER_CONCURRENCY'
  | 'DC_PROBER_ALLOW_PRIVATE'
  | 'DC_TRUST_INTERVAL_MS'
  | 'DC_UPTIME_ALERT_PCT'
>;

/** The trust job's settings of a server configuration. */
export function trustJobSettings(config: TrustConfig): TrustJobSettings {
  return {
    intervalMs: config.DC_TRUST_INTERVAL_MS,
    coverage: {
      probeMs: config.DC_PROBER_INTERVAL_MS + COVERAGE_GRACE_MS,
      agentMs: AGENT_CHECK_INTERVAL_MS + COVERAGE_GRACE_MS,
    },
    alertThresholdPct: config.DC_UPTIME_ALERT_PCT,
  };
}

/** The prober's settings of a server configuration (without its database, clock and log). */
export function proberSettings(
  config: TrustConfig,
): Pick<ProberOptions, 'enabled' | 'intervalMs' | 'timeoutMs' | 'concurrency' | 'allowPrivate'> {
  return {
    enabled: config.DC_PROBER_ENABLED,
    intervalMs: config.DC_PROBER_INTERVAL_MS,
    timeoutMs: config.DC_PROBER_TIMEOUT_MS,
    concurrency: config.DC_PROBER_CONCURRENCY,
    allowPrivate: config.DC_PROBER_ALLOW_PRIVATE,
  };
}
