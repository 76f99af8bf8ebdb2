import { z } from 'zod';
import type { CallContext, Health } from '../../types';

/**
 * The instance details a provider enters for a contract they built by hand. One schema for the
 * API that takes them and the provisioner that reads them, so their fields can never drift.
 */
export const ManualInstanceDetailsSchema = z.object({
  contractId: z.string().min(1),
  ipv4: z.ipv4().nullable(),
  ipv6: z.ipv6().nullable().default(null),
  sshPort: z.number().int().min(1).max(65535).default(22),
  /** Initial root password, when the provider set one; sealed for the renter, never logged. */
  rootPassword: z.string().min(1).optional(),
});

/** What a provider entered for a contract. */
export type ManualInstanceDetails = z.input<typeof ManualInstanceDetailsSchema> & {
  /** The server's state, when the provider (or a monitor of theirs) reports one. */
  readonly health?: Health;
};

/**
 * Where the manual provisioner learns that a provider finished building a server: the agent
 * implements it on the API (the provider types the details in the dashboard), tests with
 * {@link InMemoryCompletionSource}. Every method rejects with a ProvisionerError on failure.
 */
export interface ManualCompletionSource {
  /**
   * Resolves with the details once the provider entered them, at once if they already did.
   * Rejects when the provider declined the contract, when the source fails (a retryable error:
   * the job is retried, the contract is not failed), or with `aborted` when `signal` fires.
   */
  waitForCompletion(contractId: string, signal?: AbortSignal): Promise<ManualInstanceDetails>;
  /** Details entered for a contract and not yet released, or `null`. */
  lookup(contractId: string, ctx?: CallContext): Promise<ManualInstanceDetails | null>;
  /** Every contract with details that are not released. */
  list(ctx?: CallContext): Promise<ManualInstanceDetails[]>;
  /** The contract ended and the provider was told: forget its details. Safe to repeat. */
  release(contractId: string, ctx?: CallContext): Promise<void>;
}
