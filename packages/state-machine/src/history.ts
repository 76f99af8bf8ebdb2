import type { ActorRole } from './actors';
import type { ContractEventType } from './events';
import type { ContractStatus } from './status';

/**
 * One row of the append-only contract history, written in the same database transaction as
 * the status change it records.
 */
export interface HistoryEntry {
  readonly from: ContractStatus;
  readonly to: ContractStatus;
  readonly event: ContractEventType;
  readonly actor: { readonly role: ActorRole; readonly key: string };
  readonly at: Date;
  readonly memo: string | null;
}
