import type { PaymentSnapshot } from './payment-status';
import type { ContractStatus, PausableStatus } from './status';

/**
 * The part of a contract the lifecycle rules read. The API loads it from its row (locked in the
 * transaction that will apply the result), passes it with the event, and never trusts a status
 * the client sent.
 */
export interface ContractSnapshot {
  readonly status: ContractStatus;
  /** While `paused`: the status to return to. `null` otherwise. */
  readonly pausedFrom: PausableStatus | null;
  readonly payment: PaymentSnapshot;
  readonly requestedAt: Date;
  /** When the server was delivered (`provisioned`); the paid term starts here. */
  readonly termStart: Date | null;
  /** When the paid term runs out, paused time included (`@dc/pricing` computes it). */
  readonly termEnd: Date | null;
  /** The provision job's lease, if one was ever taken. */
  readonly provisionJob: ProvisionJobSnapshot | null;
}

/** What the provisioning timeout needs to know about the provision job. */
export interface ProvisionJobSnapshot {
  /** When an agent first leased the job; the provisioning timeout counts from here. */
  readonly firstLeasedAt: Date | null;
  /** When the current lease runs out; `null` when no agent holds it. */
  readonly leaseExpiresAt: Date | null;
}
