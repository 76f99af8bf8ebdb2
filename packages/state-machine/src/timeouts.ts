/**
 * Sweep timeouts (spec: contracts.md §6), in milliseconds. Configurable per platform; these are
 * the defaults.
 */
export interface Timeouts {
  /** A paid request nobody accepted (or an accepted one no agent picked up) expires. */
  readonly unacceptedRequestMs: number;
  /** A request whose payment is still pending (or failed) expires. */
  readonly unpaidRequestMs: number;
  /** Provisioning fails after this long since the job was first leased, once no lease is live. */
  readonly provisioningMs: number;
  /** A delivered contract with no complaint becomes `active` after this long. */
  readonly deliveryGraceMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The defaults of the spec: 24 h, 1 h, 60 min, 30 min. */
export const DEFAULT_TIMEOUTS: Timeouts = Object.freeze({
  unacceptedRequestMs: 24 * HOUR,
  unpaidRequestMs: 1 * HOUR,
  provisioningMs: 60 * MINUTE,
  deliveryGraceMs: 30 * MINUTE,
});
