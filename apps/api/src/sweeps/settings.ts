import type { Timeouts } from '@dc/state-machine';
import type { Config } from '../config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** What the sweeps and the archival need to know, in milliseconds. */
export interface SweepSettings {
  /** Handed to `dueSweep` and `applyContractEvent`, so the state machine's guards agree. */
  readonly timeouts: Timeouts;
  /** Ended contracts are archived this long after they ended. */
  readonly archiveAfterMs: number;
  /** Contracts claimed per candidate query; small, so one run never holds many rows. */
  readonly batchSize: number;
}

/** The sweep settings of a server configuration (spec: contracts.md §6, §7). */
export function sweepSettings(
  config: Pick<
    Config,
    | 'DC_REQUEST_TIMEOUT_HOURS'
    | 'DC_UNPAID_TIMEOUT_MINUTES'
    | 'DC_PROVISIONING_TIMEOUT_MINUTES'
    | 'DC_DELIVERY_GRACE_MINUTES'
    | 'DC_ARCHIVE_AFTER_DAYS'
  >,
): SweepSettings {
  return {
    timeouts: {
      unacceptedRequestMs: config.DC_REQUEST_TIMEOUT_HOURS * HOUR,
      unpaidRequestMs: config.DC_UNPAID_TIMEOUT_MINUTES * MINUTE,
      provisioningMs: config.DC_PROVISIONING_TIMEOUT_MINUTES * MINUTE,
      deliveryGraceMs: config.DC_DELIVERY_GRACE_MINUTES * MINUTE,
    },
    archiveAfterMs: config.DC_ARCHIVE_AFTER_DAYS * DAY,
    batchSize: 50,
  };
}
