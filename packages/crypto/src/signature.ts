import { ed25519 } from '@noble/curves/ed25519.js';
import { assertBytes, bytesOrHex } from './_bytes';

/**
 * Verifies an Ed25519 signature; `false` for any invalid input, never a throw. Pluggable so a
 * server can use a native implementation (`@dc/crypto/node`) that agrees on every vector.
 */
export type Ed25519Verifier = (
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
) => boolean;

/**
 * Signs with a 32-byte Ed25519 secret key. Pluggable like {@link Ed25519Verifier}: a long-lived
 * process (an agent) can sign natively with `nodeSign` of `@dc/crypto/node`; Ed25519 is
 * deterministic, so both give the same bytes.
 */
export type Ed25519Signer = (message: Uint8Array, secretKey: Uint8Array) => Uint8Array;

/** Signs `message` with a 32-byte Ed25519 secret key (RFC 8032, deterministic). */
export function sign(message: Uint8Array, secretKey: Uint8Array | string): Uint8Array {
  return ed25519.sign(assertBytes('message', message), bytesOrHex('secretKey', secretKey, 32));
}

/**
 * Strict RFC 8032 verification (not ZIP-215): non-canonical encodings of R, S or the public
 * key are rejected, as OpenSSL and the Wycheproof vectors expect, so the pure and the native
 * path give the same answer for every input.
 */
export const verifySignature: Ed25519Verifier = (signature, message, publicKey) => {
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== 32) return false;
  if (!(message instanceof Uint8Array)) return false;
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
};
