/**
 * `@dc/crypto/node`: a native Ed25519 verifier for servers, through `node:crypto` (OpenSSL).
 * Same contract as `verifySignature` (strict RFC 8032); the test suite checks both agree on
 * every Wycheproof vector. Not part of the browser build.
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { Ed25519Verifier } from './signature';

// DER SubjectPublicKeyInfo prefix for an Ed25519 key (RFC 8410); the raw 32 bytes follow.
const SPKI_PREFIX = Uint8Array.from([
  0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
]);
const CACHE_LIMIT = 1024;
const cache = new Map<string, KeyObject | null>();

function keyObject(publicKey: Uint8Array): KeyObject | null {
  const id = Buffer.from(publicKey).toString('hex');
  let key = cache.get(id);
  if (key === undefined) {
    try {
      const der = new Uint8Array(SPKI_PREFIX.length + 32);
      der.set(SPKI_PREFIX);
      der.set(publicKey, SPKI_PREFIX.length);
      key = createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' });
    } catch {
      key = null;
    }
    // Agents and users sign many requests with few keys: keep the parsed keys, bounded.
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(id, key);
  }
  return key;
}

/** Ed25519 verification through `node:crypto`; `false` for any invalid input. */
export const nodeVerifySignature: Ed25519Verifier = (signature, message, publicKey) => {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(message instanceof Uint8Array)) return false;
  const key = keyObject(publicKey);
  if (key === null) return false;
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
};
