import type { ClientAuth } from './auth';

/** Options of {@link createClient}. */
export interface ClientOptions {
  /** The API's origin, e.g. `https://api.decent-cloud.example` or `http://127.0.0.1:8787`. */
  readonly baseUrl: string;
  /** `keyAuth(secretKey)` or `tokenAuth(token)`; omit for public operations only. */
  readonly auth?: ClientAuth;
  /** Per-attempt timeout in ms (default 30 000). */
  readonly timeoutMs?: number;
  /** Retries of idempotent operations after network errors, 408, 429 and 5xx (default 2). */
  readonly retries?: number;
  /** A `fetch` to use instead of the global one (tests, proxies, custom TLS). */
  readonly fetch?: typeof fetch;
}

/** A configured connection to the API; pass it to every operation function. */
export interface Client {
  readonly baseUrl: string;
  readonly auth: ClientAuth | undefined;
  readonly timeoutMs: number;
  readonly retries: number;
  readonly fetch: typeof fetch | undefined;
}

/**
 * Creates a client. It holds configuration only; operations are plain functions taking it, so
 * a bundle includes only the operations it uses.
 *
 * @example
 * const client = createClient({ baseUrl: 'http://127.0.0.1:8787' });
 * const page = await searchOfferings(client, { q: 'type:gpu price:<=100' });
 */
export function createClient(options: ClientOptions): Client {
  const url = new URL(options.baseUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`"baseUrl" must be an http(s) URL, got ${url.protocol}`);
  }
  return Object.freeze({
    baseUrl: url.origin + url.pathname.replace(/\/+$/, ''),
    auth: options.auth,
    timeoutMs: options.timeoutMs ?? 30_000,
    retries: options.retries ?? 2,
    fetch: options.fetch,
  });
}
