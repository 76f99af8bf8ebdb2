import type { TokenScope } from '@dc/client';

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
}

/** A valid signature by a key no account holds (only registration accepts it). */
export interface KeyCaller {
  readonly kind: 'key';
  readonly publicKey: string;
}

export type Caller = AccountCaller | KeyCaller;
