import { type Client, createClient, keyAuth } from '@dc/client';

/**
 * The API's origin: the page's own (the sandbox and production serve the API under `/v1` next
 * to the dashboard, so the browser needs no CORS) unless the build set `VITE_DC_API_URL`.
 */
export function apiBaseUrl(): string {
  const configured = import.meta.env['VITE_DC_API_URL'] as string | undefined;
  return configured && configured.length > 0 ? configured : window.location.origin;
}

/** A client signing every request with `secretKey`, or an anonymous one. */
export function makeClient(secretKey?: Uint8Array): Client {
  return createClient({
    baseUrl: apiBaseUrl(),
    ...(secretKey ? { auth: keyAuth(secretKey) } : {}),
  });
}
