import type { Logger } from '../../logger';
import { resourceName } from '../../naming';

/** An SSH key stored in a cloud account. */
export interface CloudKey {
  readonly id: string;
  readonly name: string;
  readonly publicKey: string;
}

/** The account-key calls of one cloud (DigitalOcean `/v2/account/keys`, Vultr `/v2/ssh-keys`). */
export interface KeyStore {
  /** Every key of the account (all pages). */
  list(signal?: AbortSignal): Promise<CloudKey[]>;
  create(name: string, publicKey: string, signal?: AbortSignal): Promise<CloudKey>;
  /** Deletes a key; a key already gone is success. */
  remove(id: string, signal?: AbortSignal): Promise<void>;
}

/** The keys to pass to a create call. */
export interface EnsuredKeys {
  readonly ids: readonly string[];
  /** Ids of keys that belong to another contract or to the provider (same public key). */
  readonly borrowed: readonly string[];
}

/**
 * Name prefix of the keys made for a contract: the resource name plus the FULL contract id, so
 * two contracts sharing a 12-character prefix never delete each other's keys. Contract ids hold
 * no `:`, so the prefix is unambiguous.
 */
export function keyNamePrefix(contractId: string): string {
  return `${resourceName(contractId)}:${contractId}:`;
}

/** `type base64` of an OpenSSH key line: the comment does not make a key different. */
function keyIdentity(publicKey: string): string {
  return publicKey.trim().split(/\s+/).slice(0, 2).join(' ');
}

/**
 * Makes sure each of the renter's public keys exists in the account and returns the ids to pass
 * to the create call. A key already stored (same type and body) is used as it is: DigitalOcean
 * refuses a second copy of a fingerprint, and the renter may order two servers at once. Keys made
 * here are named with {@link keyNamePrefix}; if one create fails, the ones made before it are
 * removed again.
 */
export async function ensureKeys(
  store: KeyStore,
  contractId: string,
  publicKeys: readonly string[],
  signal?: AbortSignal,
): Promise<EnsuredKeys> {
  if (publicKeys.length === 0) return { ids: [], borrowed: [] };
  const prefix = keyNamePrefix(contractId);
  let existing = await store.list(signal);
  const ids: string[] = [];
  const borrowed: string[] = [];
  const made: string[] = [];
  try {
    for (const [index, publicKey] of publicKeys.entries()) {
      const identity = keyIdentity(publicKey);
      let match = existing.find((k) => keyIdentity(k.publicKey) === identity);
      if (match === undefined) {
        try {
          match = await store.create(`${prefix}${index}`, publicKey, signal);
          made.push(match.id);
        } catch (error) {
          // Another provision may have stored the same key a moment ago; look once more.
          existing = await store.list(signal);
          match = existing.find((k) => keyIdentity(k.publicKey) === identity);
          if (match === undefined) throw error;
        }
      }
      if (!match.name.startsWith(prefix)) borrowed.push(match.id);
      ids.push(match.id);
    }
  } catch (error) {
    await Promise.allSettled(made.map((id) => store.remove(id, signal)));
    throw error;
  }
  return { ids, borrowed };
}

/**
 * Removes every key made for a contract (by name prefix), including ones left by an earlier
 * crashed attempt. Keys are only read by the cloud when a server is created, so this is safe as
 * soon as the server exists. Failures are logged, not thrown: a leftover key costs nothing and
 * the next provision or terminate of the contract removes it.
 */
export async function removeContractKeys(
  store: KeyStore,
  contractId: string,
  logger: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const prefix = keyNamePrefix(contractId);
  try {
    const ours = (await store.list(signal)).filter((k) => k.name.startsWith(prefix));
    const results = await Promise.allSettled(ours.map((k) => store.remove(k.id, signal)));
    for (const [i, r] of results.entries()) {
      if (r.status === 'rejected') {
        logger.warn({ keyId: ours[i]?.id, error: String(r.reason) }, 'could not remove SSH key');
      }
    }
  } catch (error) {
    logger.warn({ contractId, error: String(error) }, 'could not list SSH keys for cleanup');
  }
}
