import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { CryptoError } from './errors';

/**
 * The recipient's X25519 public key: the Montgomery form of its Ed25519 public key.
 * Throws `invalid_key` for bytes that are not a point.
 */
export function montgomeryPublic(param: string, ed25519PublicKey: Uint8Array): Uint8Array {
  try {
    return ed25519.utils.toMontgomery(ed25519PublicKey);
  } catch (cause) {
    throw new CryptoError('invalid_key', `"${param}" is not a valid Ed25519 public key`, {
      param,
      cause,
    });
  }
}

/** The recipient's X25519 secret: `clamp(SHA-512(ed25519 seed)[0..32])`. */
export function montgomerySecret(ed25519SecretKey: Uint8Array): Uint8Array {
  return ed25519.utils.toMontgomerySecret(ed25519SecretKey);
}

/**
 * X25519 that refuses low-order peer points (which would give an all-zero, attacker-known
 * shared secret) with `invalid_key` instead of deriving a key from them.
 */
export function sharedSecret(
  param: string,
  secret: Uint8Array,
  peerPublic: Uint8Array,
): Uint8Array {
  try {
    return x25519.getSharedSecret(secret, peerPublic);
  } catch (cause) {
    throw new CryptoError('invalid_key', `"${param}" is a low-order or invalid X25519 point`, {
      param,
      cause,
    });
  }
}

/** An ephemeral X25519 key pair from 32 random bytes (clamped inside X25519). */
export function ephemeralKeyPair(random32: Uint8Array): {
  secret: Uint8Array;
  publicKey: Uint8Array;
} {
  return { secret: random32, publicKey: x25519.getPublicKey(random32) };
}
