import { sha256 } from '@noble/hashes/sha2.js';
import { base64nopad } from '@scure/base';
import { bytesOrHex, toHex } from './_bytes';

/**
 * A public key's fingerprint for display, in the style of OpenSSH:
 * `SHA256:` + unpadded base64 of SHA-256(raw 32-byte key).
 */
export function fingerprint(publicKey: Uint8Array | string): string {
  return `SHA256:${base64nopad.encode(sha256(bytesOrHex('publicKey', publicKey, 32)))}`;
}

/**
 * A short form for lists and confirmations: the first 8 bytes of SHA-256(key) as four hex
 * groups, e.g. `3f2a-91c0-7be4-0d18`. Not for security decisions (64 bits).
 */
export function shortFingerprint(publicKey: Uint8Array | string): string {
  const digest = toHex(sha256(bytesOrHex('publicKey', publicKey, 32)).subarray(0, 8));
  return digest.match(/.{4}/g)?.join('-') ?? digest;
}
