import { type Ed25519Signer, identityFromSecretKey, signRequest } from '@dc/crypto';

/** How the client proves who it is on each request. */
export interface ClientAuth {
  /** Adds credentials to an outgoing request; called again on every retry. */
  authorize(request: Request, body: string | undefined): void;
}

/** Options of {@link keyAuth}. */
export interface KeyAuthOptions {
  /**
   * Signs each request's canonical message; default the pure-JS signer (runs anywhere). A
   * long-lived Node process can pass `nodeSign` from `@dc/crypto/node`: same signatures, much
   * less CPU per request.
   */
  readonly signer?: Ed25519Signer;
}

/**
 * Signs every request with an Ed25519 key (`X-DC-*` headers over method, path+query, host,
 * timestamp, a fresh nonce and the body hash). A retry is signed again with a new nonce, so the
 * server's replay guard never refuses a legitimate retry. The public key is derived once.
 *
 * @example
 * ```ts
 * import { nodeSign } from '@dc/crypto/node';
 * const auth = keyAuth(agentSecretKey, { signer: nodeSign });
 * ```
 */
export function keyAuth(secretKey: Uint8Array | string, options: KeyAuthOptions = {}): ClientAuth {
  const { publicKeyHex } = identityFromSecretKey(secretKey);
  return {
    authorize(request, body) {
      const headers = signRequest({
        secretKey,
        publicKeyHex,
        method: request.method,
        url: request.url,
        body,
        ...(options.signer ? { signer: options.signer } : {}),
      });
      for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
    },
  };
}

/** Sends an API token as `Authorization: Bearer`; the token's scopes limit what it can call. */
export function tokenAuth(token: string): ClientAuth {
  return {
    authorize(request) {
      request.headers.set('Authorization', `Bearer ${token}`);
    },
  };
}
