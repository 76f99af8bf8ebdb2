import { isIP } from 'node:net';

/** Hosts that name this machine or a private network (checked on the URL's literal host). */
function isPrivateHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal')) {
    return true;
  }
  const version = isIP(host);
  if (version === 4) {
    const [a = 0, b = 0] = host.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (version === 6) {
    return (
      host === '::' ||
      host === '::1' ||
      host.startsWith('fc') ||
      host.startsWith('fd') ||
      host.startsWith('fe80') ||
      host.startsWith('::ffff:')
    );
  }
  return false;
}

/**
 * Why a provider's Chatwoot base URL is refused, or null when it is acceptable. The platform
 * calls this URL from its own network with the provider's token, so by default it must be
 * https (the token is never sent in clear) and must not name this machine or a private network
 * by a literal address (a provider cannot point the worker at internal services). Operators
 * running Chatwoot next to the API, and tests, lift both with `allowInsecure`.
 *
 * A public hostname that resolves to a private address is not caught here; the worker's calls
 * carry only the provider's own token and the mirrored text, and errors are reported as a
 * status code, never a response body.
 */
export function chatwootUrlProblem(url: string, allowInsecure: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'must not carry a user name or password; the API token is sent separately';
  }
  if (parsed.search !== '' || parsed.hash !== '') return 'must not have a query or fragment';
  if (allowInsecure) return null;
  if (parsed.protocol !== 'https:') return 'must be an https:// URL';
  if (isPrivateHost(parsed.hostname)) {
    return 'must name a public host, not this machine or a private network address';
  }
  return null;
}

/** The base URL as stored: without a trailing slash, so paths are appended with one. */
export function normalizeChatwootUrl(url: string): string {
  return url.replace(/\/+$/, '');
}
