/**
 * Events: the only way to change a contract's status (spec: contracts.md §2). Callers never set
 * a status; they send one of these and apply the effects `transition` returns.
 */
export const CONTRACT_EVENT_TYPES = [
  'accept',
  'reject',
  'start_provisioning',
  'provisioned',
  'provisioning_failed',
  'activate',
  'pause',
  'resume',
  'cancel',
  'provider_cancel',
  'admin_cancel',
  'dispute_lost',
  'request_timeout',
  'term_end',
  'extend',
] as const;

/** The name of a contract event. */
export type ContractEventType = (typeof CONTRACT_EVENT_TYPES)[number];

/** Provider (or an auto-accept rule) agrees to serve a requested contract. */
export interface AcceptEvent {
  readonly type: 'accept';
}

/** Provider declines before delivery. */
export interface RejectEvent {
  readonly type: 'reject';
  readonly reason?: string;
}

/** The agent that leased the provision job starts building the server. */
export interface StartProvisioningEvent {
  readonly type: 'start_provisioning';
}

/** The agent delivered the server. */
export interface ProvisionedEvent {
  readonly type: 'provisioned';
  /** Credentials sealed to the renter's keys were stored with the instance. */
  readonly sealedCredentials: boolean;
  /** The renter's SSH keys were installed, so access works without a password. */
  readonly sshKeyAccess: boolean;
}

/**
 * The server could not be built. From an agent, only a final failure (not retryable, or no
 * attempts left) moves the contract; a retryable one goes back to the job queue instead.
 */
export interface ProvisioningFailedEvent {
  readonly type: 'provisioning_failed';
  readonly reason: string;
  /** Agent only: whether the provisioner marked the failure retryable. */
  readonly retryable?: boolean;
  /** Agent only: attempts left after this one. */
  readonly attemptsLeft?: number;
}

/** Delivery confirmed: a healthy check, the renter, or the delivery grace period. */
export interface ActivateEvent {
  readonly type: 'activate';
  /** Required from `system`; a renter's confirmation needs none. */
  readonly cause?: 'healthy_check' | 'grace_period';
}

/** A payment dispute was opened: service is suspended and the term clock stops. */
export interface PauseEvent {
  readonly type: 'pause';
}

/** The dispute was won: back to the status before the pause, clock restarted. */
export interface ResumeEvent {
  readonly type: 'resume';
}

/** The renter ends the contract. */
export interface CancelEvent {
  readonly type: 'cancel';
  readonly reason?: string;
}

/** The provider ends a delivered contract; it counts against the provider's record. */
export interface ProviderCancelEvent {
  readonly type: 'provider_cancel';
  readonly reason?: string;
}

/** An admin ends the contract with a refund of their choosing, at most what is refundable. */
export interface AdminCancelEvent {
  readonly type: 'admin_cancel';
  readonly reason: string;
  /** Refund in minor units, `0n` for none. */
  readonly refund: bigint;
}

/** The dispute was lost: the chargeback already returned the money. */
export interface DisputeLostEvent {
  readonly type: 'dispute_lost';
}

/** A request nobody accepted (or nobody paid for) in time. */
export interface RequestTimeoutEvent {
  readonly type: 'request_timeout';
}

/** The paid term ran out. */
export interface TermEndEvent {
  readonly type: 'term_end';
}

/** The renter bought more time; the extension's payment must already have succeeded. */
export interface ExtendEvent {
  readonly type: 'extend';
  /** The paid segment: whole hours and its price in minor units (from `@dc/pricing`). */
  readonly segment: { readonly hours: bigint; readonly amount: bigint };
  /** The payment that bought the segment. */
  readonly payment: {
    readonly status: 'pending' | 'succeeded' | 'failed';
    readonly amount: bigint;
  };
}

/** Any contract event. */
export type ContractEvent =
  | AcceptEvent
  | RejectEvent
  | StartProvisioningEvent
  | ProvisionedEvent
  | ProvisioningFailedEvent
  | ActivateEvent
  | PauseEvent
  | ResumeEvent
  | CancelEvent
  | ProviderCancelEvent
  | AdminCancelEvent
  | DisputeLostEvent
  | RequestTimeoutEvent
  | TermEndEvent
  | ExtendEvent;
