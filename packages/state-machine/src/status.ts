/**
 * Every status a contract can be in (spec: contracts.md §1). The list is the single source: the
 * transition table, the diagram and the database enum are all checked against it.
 */
export const CONTRACT_STATUSES = [
  'requested',
  'accepted',
  'provisioning',
  'provisioned',
  'active',
  'paused',
  'rejected',
  'cancelled',
  'expired',
  'provisioning_failed',
] as const;

/** A contract status. */
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** Statuses with no way out: every event sent to a contract in one of them is refused. */
export const TERMINAL_STATUSES = [
  'rejected',
  'cancelled',
  'expired',
  'provisioning_failed',
] as const satisfies readonly ContractStatus[];

/** A status from which no transition leaves. */
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** Statuses a contract can be paused from, and so resumed to. */
export const PAUSABLE_STATUSES = [
  'provisioned',
  'active',
] as const satisfies readonly ContractStatus[];

/** A status a paused contract returns to when its dispute is won. */
export type PausableStatus = (typeof PAUSABLE_STATUSES)[number];

const terminal: ReadonlySet<string> = new Set(TERMINAL_STATUSES);
const known: ReadonlySet<string> = new Set(CONTRACT_STATUSES);

/** True for `rejected`, `cancelled`, `expired` and `provisioning_failed`. */
export function isTerminalStatus(status: ContractStatus): status is TerminalStatus {
  return terminal.has(status);
}

/** Narrows an untrusted string (a database row, a query parameter) to a contract status. */
export function isContractStatus(value: unknown): value is ContractStatus {
  return typeof value === 'string' && known.has(value);
}
