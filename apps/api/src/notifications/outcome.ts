/**
 * How one external send ended, as the worker acts on it:
 * - `sent`: the receiver accepted it;
 * - `retry`: it certainly did not arrive and may later (refused connection, 429, 5xx): back to
 *   pending with a backoff (`retryAfterMs` when the receiver asked for one);
 * - `refused`: it did not arrive and never will as it is (bad chat, blocked bot): `failed`;
 * - `unknown`: it may have arrived (the connection broke or timed out after the request went
 *   out). Webhooks retry it (the receiver dedupes on DC-Notification-Id); Telegram, with no way
 *   to dedupe, gives up (at most once).
 */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly detail: string }
  | { readonly kind: 'retry'; readonly message: string; readonly retryAfterMs?: number }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'unknown'; readonly message: string };

/** Errors raised before any byte of the request could reach the receiver. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Sorts a `fetch` error: a failure to connect (or a TLS certificate refused) certainly sent
 * nothing (`retry`); a timeout or a connection dropped mid-exchange may have delivered (`unknown`).
 */
export function fetchErrorOutcome(error: unknown, what: string): SendOutcome {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const text =
    (typeof cause?.message === 'string' ? cause.message : undefined) ??
    (error instanceof Error ? error.message : String(error));
  if (code !== undefined && NOT_SENT_CODES.has(code)) {
    return { kind: 'retry', message: `${what}: ${code}: ${text}`.slice(0, 1000) };
  }
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'unknown', message: `${what}: no answer within the timeout` };
  }
  return { kind: 'unknown', message: `${what}: ${code ?? ''} ${text}`.trim().slice(0, 1000) };
}
