import type { HttpClient } from '../../http/client';
import type { CloudKey, KeyStore } from './ssh-keys';

/** An account SSH key as the cloud returns it; `F` names the field holding the OpenSSH line. */
export type WireKey<F extends string> = { readonly id: string | number; readonly name: string } & {
  readonly [K in F]: string;
};

/**
 * The account-key endpoints as a {@link KeyStore}. DigitalOcean (`/account/keys`, `public_key`)
 * and Vultr (`/ssh-keys`, `ssh_key`) spell the path and the key field differently but otherwise
 * behave alike: a paged list under `ssh_keys`, a POST of `{ name, <field> }` answered with
 * `{ ssh_key }`, and a DELETE where a key already gone counts as success. `listAll` reads every
 * page, because each cloud pages differently.
 */
export function accountKeyStore<F extends string>(
  http: HttpClient,
  path: string,
  field: F,
  listAll: (signal?: AbortSignal) => Promise<WireKey<F>[]>,
): KeyStore {
  // Ids are numbers at DigitalOcean and strings at Vultr; the shared flow deals in strings.
  const toKey = (k: WireKey<F>): CloudKey => ({
    id: String(k.id),
    name: k.name,
    publicKey: k[field],
  });
  return {
    list: async (signal) => (await listAll(signal)).map(toKey),
    create: async (name, publicKey, signal) => {
      const body = await http.request<{ ssh_key: WireKey<F> }>({
        method: 'POST',
        path,
        json: { name, [field]: publicKey },
        signal,
      });
      return toKey(body.ssh_key);
    },
    remove: async (id, signal) => {
      await http.requestOrNull<null>({ method: 'DELETE', path: `${path}/${id}`, signal });
    },
  };
}
