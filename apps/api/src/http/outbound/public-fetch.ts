import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import { isPublicAddress } from './public-address';

/** Raised before any byte is sent when a user-supplied URL leads to a non-public address. */
export class PrivateAddressError extends Error {
  override readonly name = 'PrivateAddressError';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * The DNS lookup every connection of {@link publicFetch} makes: it answers only when every
 * address the name resolves to is public. Checking at connect time (not before the request)
 * closes the DNS-rebinding gap where a name resolves to a public address for the check and to
 * 127.0.0.1 or the cloud metadata address for the connection.
 */
function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback) {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const blocked = addresses.find((entry) => !isPublicAddress(entry.address));
    if (blocked !== undefined) {
      return callback(
        new PrivateAddressError(
          `${hostname} resolves to ${blocked.address}, which is not a public address`,
        ),
        [],
      );
    }
    if (options.all) return callback(null, addresses);
    const first = addresses[0];
    if (first === undefined)
      return callback(new PrivateAddressError(`${hostname}: no address`), []);
    return callback(null, first.address, first.family);
  });
}

const publicAgent = new Agent({ connect: { lookup: publicOnlyLookup } });

/**
 * `fetch` for URLs that users give the platform (notification webhooks, Chatwoot): it refuses to
 * connect to loopback, private, link-local and other non-public addresses, so an account cannot
 * make the server reach its own network or the cloud metadata service (SSRF). TLS is verified as
 * by any fetch. `allowPrivate` (development and tests, where receivers listen on loopback) turns
 * the check off.
 */
export async function publicFetch(
  url: string,
  init: Parameters<typeof undiciFetch>[1],
  options: { readonly allowPrivate: boolean },
): Promise<Response> {
  if (options.allowPrivate) return fetch(url, init as unknown as RequestInit);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  // A literal address skips the lookup, so it is checked here.
  if (isIP(host) !== 0 && !isPublicAddress(host)) {
    throw new PrivateAddressError(`${host} is not a public address`);
  }
  return (await undiciFetch(url, { ...init, dispatcher: publicAgent })) as unknown as Response;
}
