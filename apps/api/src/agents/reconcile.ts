import type { ReconcileAction } from '@dc/client';
import { type ContractStatus, isTerminalStatus } from '@dc/state-machine';
import type { z } from 'zod';

type Action = z.output<typeof ReconcileAction>;

/** What reconcile knows of the contract an instance's label names (null: none of this pool). */
export interface ReconciledContract {
  readonly status: string;
  readonly instanceProvisioner: string | null;
  readonly instanceExternalId: string | null;
}

/**
 * The answer for one instance an agent found:
 * - no contract of the agent's pool claims it, or its contract recorded a different instance
 *   (a duplicate a stale agent built): `unknown`, and the agent terminates it after the orphan
 *   grace period if it carries our label;
 * - a terminal contract: `terminate`;
 * - a paused contract (payment dispute): `stop`;
 * - otherwise `keep`.
 */
export function reconcileAction(
  found: { readonly provisioner: string; readonly external_id: string },
  contract: ReconciledContract | null,
): Action {
  if (contract === null) return 'unknown';
  const recorded = contract.instanceExternalId !== null;
  if (
    recorded &&
    (contract.instanceProvisioner !== found.provisioner ||
      contract.instanceExternalId !== found.external_id)
  ) {
    return 'unknown';
  }
  if (isTerminalStatus(contract.status as ContractStatus)) return 'terminate';
  if (contract.status === 'paused') return 'stop';
  if (contract.status === 'requested') return 'unknown';
  return 'keep';
}
