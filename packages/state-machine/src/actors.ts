/**
 * Who may send events (spec: contracts.md §2). The state machine checks the role; the caller
 * (the API) has already checked that the key behind it is this contract's renter, provider,
 * agent or an admin.
 */
export const ACTOR_ROLES = ['renter', 'provider', 'agent', 'admin', 'system'] as const;

/** The role an event is sent under. */
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** A renter, provider or admin, identified by the public key (or account id) that signed. */
export interface PartyActor {
  readonly role: 'renter' | 'provider' | 'admin';
  readonly key: string;
}

/**
 * A provider's agent. `holdsLease` is true only when the request carried the fencing token of
 * the contract's current job lease: an agent whose lease expired must not move the contract.
 */
export interface AgentActor {
  readonly role: 'agent';
  readonly key: string;
  readonly holdsLease: boolean;
}

/** The platform itself: sweeps, payment webhooks, auto-accept rules, health checks. */
export interface SystemActor {
  readonly role: 'system';
  /** What acted, for the history row, e.g. `sweep:request_timeout` or `auto_accept:rule_12`. */
  readonly key: string;
}

/** Whoever sends an event. */
export type Actor = PartyActor | AgentActor | SystemActor;
