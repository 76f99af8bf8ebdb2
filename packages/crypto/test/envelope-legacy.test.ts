import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { CryptoError, generateIdentity, openLegacy, sealLegacyV2 } from '../src/index';

const recipient = generateIdentity();
const contractId = new Uint8Array(32).map((_, i) => i);
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/**
 * The legacy format written out independently from the spec (agent-protocol.md §4), with the
 * primitives directly: what the existing apps produce. openLegacy must open it.
 */
function legacyFromSpec(version: 1 | 2, secret: string): Record<string, unknown> {
  const label = version === 1 ? 'credential-encryption-v1' : 'credential-encryption-v2-aad';
  const ephemeralSecret = x25519.utils.randomSecretKey();
  const recipientX = (() => {
    // Ed25519 public key -> Montgomery u = (1 + y) / (1 - y) mod p
    const p = 2n ** 255n - 19n;
    let y = 0n;
    for (let i = 31; i >= 0; i--) y = (y << 8n) | BigInt(recipient.publicKey[i] ?? 0);
    y &= (1n << 255n) - 1n;
    const pow = (b: bigint, e: bigint): bigint => {
      let r = 1n;
      let base = b % p;
      while (e > 0n) {
        if (e & 1n) r = (r * base) % p;
        base = (base * base) % p;
        e >>= 1n;
      }
      return r;
    };
    let u = ((1n + y) * pow((1n - y + p) % p, p - 2n)) % p;
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) {
      out[i] = Number(u & 0xffn);
      u >>= 8n;
    }
    return out;
  })();
  const shared = x25519.getSharedSecret(ephemeralSecret, recipientX);
  const labelBytes = new TextEncoder().encode(label);
  const keyInput = new Uint8Array(labelBytes.length + 32);
  keyInput.set(labelBytes);
  keyInput.set(shared, labelBytes.length);
  const key = sha512(keyInput).subarray(0, 32);
  const nonce = crypto.getRandomValues(new Uint8Array(24));
  const aad = version === 2 ? contractId : undefined;
  const ciphertext = xchacha20poly1305(key, nonce, aad).encrypt(new TextEncoder().encode(secret));
  return {
    version,
    ephemeral_pubkey: base64.encode(x25519.getPublicKey(ephemeralSecret)),
    nonce: base64.encode(nonce),
    ciphertext: base64.encode(ciphertext),
    ...(aad ? { aad: base64.encode(aad) } : {}),
  };
}

describe('legacy envelopes', () => {
  it('opens a v1 envelope made as the existing apps make it', () => {
    const env = legacyFromSpec(1, 'old-password');
    expect(decode(openLegacy(JSON.stringify(env) as never, recipient.secretKey))).toBe(
      'old-password',
    );
  });

  it('opens a v2 envelope made as the existing apps make it, with the expected contract id', () => {
    const env = legacyFromSpec(2, 'v2-password');
    expect(decode(openLegacy(env as never, recipient.secretKey, { contractId }))).toBe(
      'v2-password',
    );
  });

  it('seals v2 blobs the independent implementation can open (byte-compatible format)', () => {
    const env = sealLegacyV2('s3cret', recipient.publicKey, contractId);
    expect(Object.keys(env)).toEqual(['version', 'ephemeral_pubkey', 'nonce', 'ciphertext', 'aad']);
    expect(env.nonce).toMatch(/^[A-Za-z0-9+/]{32}$/);
    expect(env.aad).toBe(base64.encode(contractId));
    expect(decode(openLegacy(env, recipient.secretKey, { contractId }))).toBe('s3cret');
  });

  it('never trusts the aad in the blob: a wrong expected contract id fails', () => {
    const env = sealLegacyV2('s3cret', recipient.publicKey, contractId);
    const other = new Uint8Array(32).fill(9);
    expect(() => openLegacy(env, recipient.secretKey, { contractId: other })).toThrow(CryptoError);
    // Even with the blob's aad rewritten to match, the ciphertext is bound to the real id.
    expect(() =>
      openLegacy({ ...env, aad: base64.encode(other) }, recipient.secretKey, { contractId: other }),
    ).toThrow(/does not open/);
  });

  it('requires the contract id for v2', () => {
    const env = sealLegacyV2('s3cret', recipient.publicKey, contractId);
    expect(() => openLegacy(env, recipient.secretKey)).toThrow(/pass the expected "contractId"/);
  });

  it('fails with the wrong key, and names unknown versions', () => {
    const env = sealLegacyV2('s3cret', recipient.publicKey, contractId);
    expect(() => openLegacy(env, generateIdentity().secretKey, { contractId })).toThrow(
      /does not open/,
    );
    expect(() =>
      openLegacy({ ...env, version: 3 } as never, recipient.secretKey, { contractId }),
    ).toThrow(/version 3 is not 1 or 2/);
    expect(() =>
      openLegacy({ ...env, nonce: 'AAAA' }, recipient.secretKey, { contractId }),
    ).toThrow('"nonce" expected 24 bytes, got 3');
  });
});
