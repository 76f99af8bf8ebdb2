/**
 * `@dc/crypto/node`: native Ed25519 through `node:crypto` (OpenSSL): a verifier for servers
 * and a signer for long-lived processes that sign many requests (agents). Same contracts as
 * `verifySignature` (strict RFC 8032) and `sign`; the test suite checks they agree on every
 * Wycheproof vector. Not part of the browser build.
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import { assertBytes } from './_bytes';
import type { Ed25519Signer, Ed25519Verifier } from './signature';

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

// DER PKCS#8 prefix for an Ed25519 private key (RFC 8410); the 32-byte seed follows.
const PKCS8_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);
// A process signs with one or two keys; parsing one costs more than the signature itself.
const PRIVATE_CACHE_LIMIT = 16;
const privateKeys = new Map<string, KeyObject>();

/**
 * Ed25519 signing through `node:crypto`: the same signature bytes as `sign` (Ed25519 is
 * deterministic), many times faster. Hand it to `signRequest({ signer })` or the client's
 * `keyAuth(secret, { signer })`. Parsed keys are cached (a few, in this process only).
 *
 * @throws CryptoError `invalid_type` / `invalid_length` when `secretKey` is not 32 bytes.
 */
export const nodeSign: Ed25519Signer = (message, secretKey) => {
  const seed = assertBytes('secretKey', secretKey, 32);
  const id = Buffer.from(seed).toString('hex');
  let key = privateKeys.get(id);
  if (key === undefined) {
    const der = new Uint8Array(PKCS8_PREFIX.length + 32);
    der.set(PKCS8_PREFIX);
    der.set(seed, PKCS8_PREFIX.length);
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
    if (privateKeys.size >= PRIVATE_CACHE_LIMIT) {
      privateKeys.delete(privateKeys.keys().next().value as string);
    }
    privateKeys.set(id, key);
  }
  return new Uint8Array(sign(null, assertBytes('message', message), key));
};
