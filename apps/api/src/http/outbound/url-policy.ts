import { isIP } from 'node:net';
import { isPublicAddress } from './public-address';

/** What one kind of user-supplied outbound URL may be; see {@link outboundUrlProblem}. */
export interface OutboundUrlRules {
  /**
   * Accept literal non-public addresses and names of this machine or an internal network
   * (development and tests, where receivers listen on loopback or next to the API).
   */
  readonly allowPrivate: boolean;
  /**
   * Where `http://` is accepted: `never`; `loopback` (webhook receivers on the developer's own
   * machine: nothing leaves it in clear); `anywhere` (an operator running Chatwoot next to the
   * API on a private network it trusts).
   */
  readonly http: 'never' | 'loopback' | 'anywhere';
  /** A base URL that paths are appended to: a query or fragment would end up mid-path. */
  readonly baseUrl: boolean;
  /** Appended to the credentials message, saying where the secret goes instead. */
  readonly credentialsNote?: string;
}

/** Names that always mean this machine or an internal network, whatever DNS answers. */
function isInternalName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal');
}

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * Why `url` cannot be used as a user-supplied outbound URL (notification webhooks, Chatwoot
 * base URLs), or null when it can. The platform calls these URLs from its own network, so:
 * absolute; no user name or password in the URL (secrets travel in headers, never in a URL that
 * is stored and logged); `https://` unless `rules.http` allows otherwise; and no host that is a
 * literal non-public address (judged by {@link isPublicAddress}, as the connect-time guard
 * does) or a name of this machine or an internal network, unless `rules.allowPrivate`.
 *
 * A public name that resolves to a private address is not caught here: `publicFetch` checks
 * every connection's address, as DNS can change after this check.
 */
export function outboundUrlProblem(url: string, rules: OutboundUrlRules): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return `must not contain a user name or password${rules.credentialsNote ?? ''}`;
  }
  if (rules.baseUrl && (parsed.search !== '' || parsed.hash !== '')) {
    return 'must not have a query or fragment';
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const literal = isIP(host) !== 0;
  if (!rules.allowPrivate && (literal ? !isPublicAddress(host) : isInternalName(host))) {
    return 'must name a public host with a public address (not this machine, loopback, private or link-local)';
  }
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:') {
    if (rules.http === 'anywhere') return null;
    if (rules.http === 'loopback' && isLoopback(host)) return null;
  }
  return rules.http === 'loopback'
    ? 'must be an https:// URL (http:// only on a loopback host)'
    : 'must be an https:// URL';
}
