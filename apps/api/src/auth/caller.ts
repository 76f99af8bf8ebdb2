import type { TokenScope } from '@dc/client';
import type { AgentPermission } from '@dc/crypto';

/**
 * A signed request as received: enough to verify the signature again later, so a record made
 * on the signer's authority (a setup token) can keep it as evidence.
 */
export interface SignedRequestEvidence {
  readonly method: string;
  /** Path and query exactly as signed. */
  readonly path: string;
  readonly host: string;
  /** The `X-DC-*` headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body, base64. */
  readonly body: string;
}

/** A registered account, authenticated by a signing key or an API token. */
export interface AccountCaller {
  readonly kind: 'account';
  readonly accountId: string;
  readonly username: string;
  readonly isAdmin: boolean;
  readonly isProvider: boolean;
  readonly via: 'key' | 'token';
  /** The signing key (when `via` is `key`). */
  readonly publicKey?: string;
  /** The token and its scopes (when `via` is `token`). */
  readonly tokenId?: string;
  readonly scopes?: readonly TokenScope[];
  /** The signed request itself (when `via` is `key`). */
  readonly signedRequest?: SignedRequestEvidence;
}

/** A valid signature by a key no account holds (only registration accepts it). */
export interface KeyCaller {
  readonly kind: 'key';
  readonly publicKey: string;
}

/** A provider's agent, signing with a key that holds an active delegation. */
export interface AgentCaller {
  readonly kind: 'agent';
  readonly agentKey: string;
  readonly providerId: string;
  readonly poolId: string;
  readonly permissions: readonly AgentPermission[];
}

export type Caller = AccountCaller | KeyCaller | AgentCaller;
