import { signRequest } from '@dc/crypto';

/** How the client proves who it is on each request. */
export interface ClientAuth {
  /** Adds credentials to an outgoing request; called again on every retry. */
  authorize(request: Request, body: string | undefined): void;
}

/**
 * Signs every request with an Ed25519 key (`X-DC-*` headers over method, path+query, host,
 * timestamp, a fresh nonce and the body hash). A retry is signed again with a new nonce, so the
 * server's replay guard never refuses a legitimate retry.
 */
export function keyAuth(secretKey: Uint8Array | string): ClientAuth {
  return {
    authorize(request, body) {
      const headers = signRequest({ secretKey, method: request.method, url: request.url, body });
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
