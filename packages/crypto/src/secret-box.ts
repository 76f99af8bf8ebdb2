import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { assertBytes, concatBytes, fromB64url, toB64url, utf8 } from './_bytes';
import { type RandomSource, randomBytes } from './_random';
import { CryptoError } from './errors';

const PREFIX = 'dcsb1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/** Master keys by id, and which one seals. */
export interface SecretBoxKeys {
  readonly keys: Readonly<Record<string, Uint8Array>>;
  readonly activeKeyId: string;
  /** For tests only. */
  readonly random?: RandomSource;
}

/** Seals server-held secrets at rest under a master key, with rotation. */
export interface SecretBox {
  /** `dcsb1.<keyId>.<nonce>.<ciphertext>` (base64url), bound to `aad` (e.g. `provider_tokens:42`). */
  seal(plaintext: Uint8Array | string, aad: string): string;
  /** The plaintext, if `sealed` was made for this `aad` under a known key. */
  open(sealed: string, aad: string): Uint8Array;
  /** True when `sealed` is under another key than the active one. */
  needsRotation(sealed: string): boolean;
  /** Re-seals under the active key. */
  rotate(sealed: string, aad: string): string;
}

/**
 * A secret box (XChaCha20-Poly1305, 24-byte random nonce) for secrets the server must keep,
 * such as a provider's cloud API token. The key id travels with the ciphertext so keys can be
 * rotated: old ids open, the active id seals. AAD = `dcsb1` 0x00 keyId 0x00 `aad`, binding the
 * blob to its key and its row (copying it to another row fails to open).
 */
export function createSecretBox(config: SecretBoxKeys): SecretBox {
  const keys = new Map<string, Uint8Array>();
  for (const [id, key] of Object.entries(config.keys)) {
    if (!KEY_ID.test(id))
      throw new CryptoError(
        'invalid_format',
        `key id ${JSON.stringify(id)} must match [A-Za-z0-9_-]{1,32}`,
        { param: 'keys' },
      );
    keys.set(id, Uint8Array.from(assertBytes(`keys.${id}`, key, 32)));
  }
  if (!keys.has(config.activeKeyId)) {
    throw new CryptoError(
      'unknown_key_id',
      `"activeKeyId" ${JSON.stringify(config.activeKeyId)} is not among the keys`,
      { param: 'activeKeyId' },
    );
  }
  const activeKey = keys.get(config.activeKeyId) ?? new Uint8Array(0);
  const random = config.random ?? randomBytes;
  const aadFor = (keyId: string, aad: string) => {
    if (typeof aad !== 'string' || aad.length === 0)
      throw new CryptoError(
        'invalid_format',
        '"aad" expected a non-empty string such as "table:rowId"',
        { param: 'aad' },
      );
    return concatBytes(
      utf8(PREFIX),
      new Uint8Array([0]),
      utf8(keyId),
      new Uint8Array([0]),
      utf8(aad),
    );
  };
  const parse = (sealed: string) => {
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    if (parts.length !== 4 || parts[0] !== PREFIX) {
      throw new CryptoError(
        'unsupported_version',
        `"sealed" expected ${PREFIX}.<keyId>.<nonce>.<ciphertext>`,
        { param: 'sealed' },
      );
    }
    const [, keyId = '', nonce, ciphertext] = parts;
    const key = keys.get(keyId);
    if (key === undefined)
      throw new CryptoError('unknown_key_id', `no master key with id ${JSON.stringify(keyId)}`, {
        param: 'sealed',
      });
    return {
      keyId,
      key,
      nonce: fromB64url('nonce', nonce, 24),
      ciphertext: fromB64url('ciphertext', ciphertext),
    };
  };
  const box: SecretBox = {
    seal(plaintext, aad) {
      const bytes =
        typeof plaintext === 'string' ? utf8(plaintext) : assertBytes('plaintext', plaintext);
      const keyId = config.activeKeyId;
      const nonce = random(24);
      const ciphertext = xchacha20poly1305(activeKey, nonce, aadFor(keyId, aad)).encrypt(bytes);
      return [PREFIX, keyId, toB64url(nonce), toB64url(ciphertext)].join('.');
    },
    open(sealed, aad) {
      const p = parse(sealed);
      try {
        return xchacha20poly1305(p.key, p.nonce, aadFor(p.keyId, aad)).decrypt(p.ciphertext);
      } catch (cause) {
        throw new CryptoError(
          'decryption_failed',
          'secret box does not open: altered, or sealed for another row',
          { param: 'sealed', cause },
        );
      }
    },
    needsRotation(sealed) {
      return parse(sealed).keyId !== config.activeKeyId;
    },
    rotate(sealed, aad) {
      return box.seal(box.open(sealed, aad), aad);
    },
  };
  return Object.freeze(box);
}
