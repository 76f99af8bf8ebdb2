import { outboundUrlProblem } from '../http/outbound/url-policy';

/**
 * Why a provider's Chatwoot base URL is refused, or null when it is acceptable: the outbound
 * URL policy, as a base URL (paths are appended: no query or fragment). The platform calls it
 * with the provider's token, so by default it must be https (the token is never sent in clear)
 * and must not name this machine or a private network. Operators running Chatwoot next to the
 * API, and tests, lift both with `allowInsecure` (plain http anywhere, unlike webhooks: such a
 * Chatwoot is usually reached by a private network name, e.g. `http://chatwoot:3000`).
 */
export function chatwootUrlProblem(url: string, allowInsecure: boolean): string | null {
  return outboundUrlProblem(url, {
    allowPrivate: allowInsecure,
    http: allowInsecure ? 'anywhere' : 'never',
    baseUrl: true,
    credentialsNote: '; the API token is sent separately',
  });
}

/** The base URL as stored: without a trailing slash, so paths are appended with one. */
export function normalizeChatwootUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
