import type {
  CallContext,
  Capabilities,
  Health,
  Instance,
  ManagedInstance,
  ProvisionRequest,
  SetupReport,
} from './types';

/**
 * One way of building servers (spec: agent-protocol.md §5). Every method takes an optional
 * `AbortSignal`; every failure is a `ProvisionerError` with a code and `retryable`.
 *
 * Guarantees every implementation gives (checked by `runProvisionerConformance`):
 * - `provision` is idempotent per `contractId`: resources are named `dc-<contract id prefix>`
 *   and labelled with the full contract id; an existing one is adopted, so after a crash at any
 *   point a second call yields exactly one server. A failed provision removes what it created.
 * - `terminate` of something already gone succeeds; it only ever touches resources it made.
 * - `listInstances` returns only resources carrying our label.
 * - `verifySetup` reports problems and never throws for a bad configuration.
 */
export interface Provisioner {
  readonly kind: string;
  readonly capabilities: Capabilities;
  verifySetup(ctx?: CallContext): Promise<SetupReport>;
  provision(request: ProvisionRequest, ctx?: CallContext): Promise<Instance>;
  getInstance(externalId: string, ctx?: CallContext): Promise<Instance | null>;
  listInstances(ctx?: CallContext): Promise<ManagedInstance[]>;
  terminate(externalId: string, ctx?: CallContext): Promise<void>;
  health(externalId: string, ctx?: CallContext): Promise<Health>;
  resetPassword?(externalId: string, ctx?: CallContext): Promise<string>;
  /**
   * Replaces the SSH keys root may log in with on a running server by exactly `keys`, without
   * a rebuild and without a shell (build the file with `authorizedKeysFile`). Optional: most
   * clouds set keys only at creation; the agent fails a rotation job for good ("rebuild
   * required") when it is missing. Repeating a call with the same keys is harmless.
   */
  setSshKeys?(externalId: string, keys: readonly string[], ctx?: CallContext): Promise<void>;
  stop?(externalId: string, ctx?: CallContext): Promise<void>;
  start?(externalId: string, ctx?: CallContext): Promise<void>;
}
